"""The outbox in the admin: read-only rows, the backlog in the list's title, dead letters retried by an action."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "job", "queue", "status", "attempts", "created_at", "available_at", "done_at")
    list_filter = ("status", "queue")
    search_fields = ("job",)
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        backlog = services.backlog()
        title = _("Outbox: %(waiting)d waiting, the oldest for %(age)d s; %(dead)d dead letters") % {
            "waiting": backlog["waiting"], "age": backlog["oldest_age_seconds"], "dead": backlog["dead"],
        }
        return super().changelist_view(request, extra_context={"title": title, **(extra_context or {})})

    @admin.action(description=_("Retry the selected dead letters"), permissions=["view"])
    def retry(self, request, queryset):
        count = services.retry_dead(messages=queryset)
        self.message_user(
            request, ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", count) % {"count": count},
            messages.SUCCESS,
        )
