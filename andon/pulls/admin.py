"""Andon pulls and warnings in the stock Django admin: to read, never to make or change.

A pull is made only by `pull_andon` (the agent's button or the API), which stops the target in
the same transaction and writes the audit row; an admin form would bypass both. Nor is there any
admin action that approves, holds or undoes a pull: the cord needs no one's approval, ever.
The list is also the verdict queue (andon.verdicts.admin): the verdict comes after the pull,
never before it, and a bad pull only undoes the harm.
"""

from datetime import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from flywheel.times import readable_time

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


def admin_link(obj, text=None) -> str:
    """`text` (else the object) linked to the object's admin page; plain text when it has none."""
    opts = obj._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return str(text or obj)
    return format_html('<a href="{}">{}</a>', url, text or obj)


class PullComplaintInline(ReadOnlyInline):
    """Every complaint on the pull, and how it came: pulled from, met the rule, or a "+1"."""

    model = PullComplaint
    fields = ["attached_at", "complaint_link", "customer", "how", "attached_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("complaint__customer", "complaint__issue_code", "attached_by")

    @admin.display(description=_("complaint"))
    def complaint_link(self, link: PullComplaint):
        return admin_link(link.complaint, f"#{link.complaint_id} {link.complaint.issue_code.display_name}")

    @admin.display(description=_("customer"))
    def customer(self, link: PullComplaint):
        return link.complaint.customer.get_username()


@admin.register(AndonPull)
class AndonPullAdmin(VerdictQueueMixin, ReadOnlyAdmin):
    # Short headers, related facts stacked in one cell (target over issue, puller over team) and no
    # column that repeats another (the age says when): the list fits a 1366-pixel screen.
    list_display = [
        "id", "target_and_issue", "state", "puller_and_team", "age", "rule_met_short", "complaint_count",
        "gmv_short", "verdict_link",
    ]
    # One sort key shown (the pull's time); the changelist adds the id itself to keep the order total.
    ordering = ["-pulled_at"]
    list_filter = [VerdictFilter, "verdict_category", "state", "target_kind", "rule_met", "team", "pulled_at"]
    search_fields = ["target_key", "product__sku", "product__title", "partner__name", "process__code", "pulled_by__username", "reason"]
    list_select_related = ["product", "partner", "process", "issue_code", "pulled_by", "team"]
    actions = ["verdict_rule_followed", "verdict_bad_pull"]
    # The target by name, linked, and the rule's snapshot as a table: not `product:223` and raw JSON.
    fields = [
        "target_kind", "target_link", "state", "issue_code", "reason", "pulled_by", "pulled_at", "rule_met",
        "rule_snapshot_table", "gmv_at_stake", "team", "team_manager", "verdict", "verdict_category", "verdict_at",
    ]
    change_form_template = "admin/andon/andonpull/change_form.html"
    readonly_fields = fields
    inlines = [PullComplaintInline, PullSupportInline]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(complaint_count=Count("pull_complaints", distinct=True))

    def view_on_site(self, pull: AndonPull) -> str:
        """The admin's "View on site" opens the pull's staff page (andon.pulls.views.pull_detail)."""
        return reverse("andon:pull", args=[pull.pk])

    class Media:
        css = {"all": ["css/admin-lists.css"]}

    @admin.display(description=_("target"), ordering="target_key")
    def target_and_issue(self, pull: AndonPull):
        return format_html('{}<br><span class="quiet">{}</span>', pull.target, pull.issue_code.display_name)

    @admin.display(description=_("pulled by"), ordering="pulled_by__username")
    def puller_and_team(self, pull: AndonPull):
        if pull.team is None:
            return pull.pulled_by.get_username()
        return format_html('{}<br><span class="quiet">{}</span>', pull.pulled_by.get_username(), pull.team)

    @admin.display(description=pgettext_lazy("a short column header: the rule was met", "rule"), boolean=True, ordering="rule_met")
    def rule_met_short(self, pull: AndonPull) -> bool:
        return pull.rule_met

    @admin.display(description=pgettext_lazy("a short column header", "GMV (CNY)"), ordering="gmv_at_stake")
    def gmv_short(self, pull: AndonPull):
        return pull.gmv_at_stake

    @admin.display(description=_("target"))
    def target_link(self, pull: AndonPull):
        target = pull.target
        if target is None:
            return "-"
        name = target.display_title if pull.product_id else target.display_name
        if pull.product_id:
            return format_html("{} <span class=\"quiet\">{} · {}</span>", admin_link(target, name), target.sku, target.supplier.display_name)
        return admin_link(target, name)

    @admin.display(description=_("complaints that met the rule"))
    def rule_snapshot_table(self, pull: AndonPull):
        snapshot = pull.rule_snapshot or {}
        listed = snapshot.get("complaints") or []
        customers = dict(
            get_user_model().objects.filter(pk__in=[row.get("customer_id") for row in listed]).values_list("pk", "username")
        )
        rows = [
            {
                "link": admin_link_by_id("tickets", "complaint", row.get("id")),
                "customer": customers.get(row.get("customer_id"), "-"),
                "filed": _readable_iso(row.get("created_at")),
            }
            for row in listed
        ]
        return render_to_string("admin/andon/andonpull/rule_snapshot.html", {"snapshot": snapshot, "rows": rows})

    @admin.display(description=_("complaints"), ordering="complaint_count")
    def complaint_count(self, pull: AndonPull):
        return pull.complaint_count


def admin_link_by_id(app_label: str, model_name: str, pk) -> str:
    """"#12" linked to that row's admin page, by id alone (the snapshot keeps ids, not rows)."""
    if pk is None:
        return "-"
    return format_html('<a href="{}">#{}</a>', reverse(f"admin:{app_label}_{model_name}_change", args=[pk]), pk)


def _readable_iso(value) -> str:
    """The snapshot's ISO time as people read it (flywheel.times); the raw value if it is not one."""
    try:
        return readable_time(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return value or "-"


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
