"""Notifications, read-only in the stock Django admin."""

from django.contrib import admin

from flywheel.admin import ReadOnlyAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """What the system told whom; sent by `notify` from jobs, so staff only read it here."""

    # `subject` is the text as first sent (in the recipient's language then); the inbox writes a kind's words anew.
    list_display = ["created_at", "recipient", "kind", "subject", "read_at"]
    list_filter = ["kind", "created_at", "read_at"]
    search_fields = ["recipient__username", "recipient__email", "subject", "key"]
    list_select_related = ["recipient"]
    fields = ["recipient", "key", "kind", "params", "subject", "body", "link", "created_at", "read_at"]
    readonly_fields = fields
    list_per_page = 100
    show_full_result_count = False
