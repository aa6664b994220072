"""Andon pulls and warnings in the stock Django admin: to read, never to make or change.

A pull is made only by `pull_andon` (the agent's button or the API), which stops the target in
the same transaction and writes the audit row; an admin form would bypass both. Nor is there any
admin action that approves, holds or undoes a pull: the cord needs no one's approval, ever.
The list is also the verdict queue (andon.verdicts.admin): the verdict comes after the pull,
never before it, and a bad pull only undoes the harm.
"""


from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from andon.verdicts.admin import VerdictFilter, VerdictQueueMixin
from django.utils.translation import gettext

from flywheel.admin import ReadOnlyAdmin, ReadOnlyInline, apply_to_each
from members.roles import has_role

from .policy import WARNING_CLOSING_ROLES
from .services import close_warning

from .models import AndonPull, AndonWarning, PullComplaint, PullSupport


class PullSupportInline(ReadOnlyInline):
    """The puller and every "+1" after, each with the complaint they brought."""

    model = PullSupport
    fields = ["at", "agent", "complaint", "reason"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agent", "complaint")


class PullComplaintInline(ReadOnlyInline):
    """Every complaint on the pull, and how it came: pulled from, met the rule, or a "+1"."""

    model = PullComplaint
    fields = ["attached_at", "complaint", "how", "attached_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("complaint", "attached_by")


@admin.register(AndonPull)
class AndonPullAdmin(VerdictQueueMixin, ReadOnlyAdmin):
    list_display = [
        "id", "target", "issue_code", "state", "pulled_by", "team", "pulled_at", "age", "rule_met", "complaint_count",
        "gmv_at_stake", "verdict_link",
    ]
    list_filter = [VerdictFilter, "verdict_category", "state", "target_kind", "rule_met", "team", "pulled_at"]
    search_fields = ["target_key", "product__sku", "product__title", "partner__name", "process__code", "pulled_by__username", "reason"]
    list_select_related = ["product", "partner", "process", "issue_code", "pulled_by", "team"]
    actions = ["verdict_rule_followed", "verdict_bad_pull"]
    fields = [
        "target_kind", "target_key", "product", "partner", "process", "state", "issue_code", "reason", "pulled_by",
        "pulled_at", "rule_met", "rule_snapshot", "gmv_at_stake", "team", "team_manager", "verdict", "verdict_category",
        "verdict_at",
    ]
    change_form_template = "admin/andon/andonpull/change_form.html"
    readonly_fields = fields
    inlines = [PullComplaintInline, PullSupportInline]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(complaint_count=Count("pull_complaints", distinct=True))

    @admin.display(description=_("target"))
    def target(self, pull: AndonPull):
        return pull.target

    @admin.display(description=_("complaints"), ordering="complaint_count")
    def complaint_count(self, pull: AndonPull):
        return pull.complaint_count


@admin.register(AndonWarning)
class AndonWarningAdmin(ReadOnlyAdmin):
    list_display = ["id", "target", "issue_code", "warned_by", "warned_at", "reason", "closed_at", "closed_by"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter), "target_kind", "warned_at"]
    search_fields = ["target_key", "product__sku", "product__title", "warned_by__username", "reason"]
    list_select_related = ["product", "partner", "process", "issue_code", "warned_by", "closed_by"]
    fields = [
        "target_kind", "target_key", "product", "partner", "process", "complaint", "issue_code", "reason", "warned_by", "warned_at",
        "closed_at", "closed_by",
    ]
    readonly_fields = fields
    list_per_page = 50
    actions = ["close_warnings"]

    def has_close_permission(self, request) -> bool:
        return has_role(request.user, *WARNING_CLOSING_ROLES)

    @admin.action(description=_("Close: looked at, not systemic (leaves the board)"), permissions=["close"])
    def close_warnings(self, request, queryset):
        apply_to_each(
            self, request, queryset, lambda warning: close_warning(warning=warning, user=request.user),
            success_message=gettext("Closed %(count)d warning(s)."), label=lambda warning: f"#{warning.pk} {warning.target}",
        )

    @admin.display(description=_("target"))
    def target(self, warning: AndonWarning):
        return warning.target
