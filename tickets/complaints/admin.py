"""Complaints and their taxonomy in the stock Django admin.

Managers edit the issue-code taxonomy and the processes here. Complaints arrive from the agent
console, the member's "report a problem" page and the API, all through `file_complaint`, so the
admin does not add them; their state moves only through actions that call the services.
"""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from flywheel.admin import ActionsOnlyAdmin, apply_to_each

from ..compensation.admin import CompensationInline
from ..conversation.admin import ComplaintMessageInline
from . import services
from .models import Complaint, IssueCode, Process


@admin.register(IssueCode)
class IssueCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_zh", "active", "position"]
    list_editable = ["name", "name_zh", "active", "position"]
    list_filter = ["active"]
    search_fields = ["code", "name", "name_zh"]
    fields = ["code", "name", "name_zh", "active", "position"]

    def get_readonly_fields(self, request, obj=None):
        # Pulls, reports and the andon rule refer to the code; retire one by unticking `active`.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_zh", "kind", "owner", "lamp"]
    list_filter = ["lamp", "kind"]
    search_fields = ["code", "name", "name_zh"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    # The lamp is a protected FSM field: an andon pull turns it red, closing the pull's work turns it green.
    readonly_fields = ["lamp"]
    fields = ["code", "name", "name_zh", "kind", "owner", "lamp"]


@admin.register(Complaint)
class ComplaintAdmin(ActionsOnlyAdmin):
    list_display = ["id", "customer", "target", "issue_code", "channel", "state", "created_at"]
    list_display_links = ["id", "target"]
    list_filter = ["state", "issue_code", "channel", "created_at"]
    search_fields = ["customer__username", "customer__email", "product__sku", "product__title"]
    list_select_related = ["customer", "issue_code", "product", "partner", "process"]
    fields = [
        "customer", "product", "lot", "order_line", "partner", "process", "issue_code", "channel", "state", "text",
        "taken_by", "created_at", "last_reply_to_customer_at",
    ]
    readonly_fields = fields
    inlines = [ComplaintMessageInline, CompensationInline]
    actions = ["resolve_selected", "close_selected", "reopen_selected"]
    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) over every complaint on each filtered page

    @admin.display(description=_("target"))
    def target(self, complaint: Complaint):
        return complaint.target

    def _apply(self, request, queryset, service, success_message: str) -> None:
        apply_to_each(
            self, request, queryset,
            lambda complaint: service(complaint=complaint, actor=request.user, note=gettext("From the admin")),
            success_message=success_message, label=lambda complaint: f"#{complaint.pk}",
        )

    @admin.action(description=_("Resolve selected complaints"), permissions=["change"])
    def resolve_selected(self, request, queryset):
        self._apply(request, queryset, services.resolve_complaint, gettext("Resolved %(count)d complaint(s)."))

    @admin.action(description=_("Close selected resolved complaints"), permissions=["change"])
    def close_selected(self, request, queryset):
        self._apply(request, queryset, services.close_complaint, gettext("Closed %(count)d complaint(s)."))

    @admin.action(description=_("Reopen selected complaints"), permissions=["change"])
    def reopen_selected(self, request, queryset):
        self._apply(request, queryset, services.reopen_complaint, gettext("Reopened %(count)d complaint(s)."))
