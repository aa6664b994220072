"""The conversation, read-only in the admin beside its complaint: messages are written by the services."""

from django.contrib import admin

from flywheel.admin import ReadOnlyInline

from .models import ComplaintMessage


class ComplaintMessageInline(ReadOnlyInline):
    model = ComplaintMessage
    fields = ["created_at", "kind", "author", "body"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")
