"""Notifications, read-only in the stock Django admin."""

from django.contrib import admin

from flywheel.admin import ReadOnlyAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """What the system told whom; sent by `notify` from jobs, so staff only read it here."""

    list_display = ["created_at", "recipient", "subject", "read_at"]
    list_filter = ["created_at", "read_at"]
    search_fields = ["recipient__username", "recipient__email", "subject", "key"]
    list_select_related = ["recipient"]
    fields = ["recipient", "key", "subject", "body", "link", "created_at", "read_at"]
    readonly_fields = fields
    list_per_page = 100
    show_full_result_count = False
