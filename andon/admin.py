"""Andon pulls and warnings in the stock Django admin: to read, never to make or change.

A pull is made only by `pull_andon` (the agent's button or the API), which stops the target in
the same transaction and writes the audit row; an admin form would bypass both. Nor is there any
admin action that approves, holds or undoes a pull: the cord needs no one's approval, ever.

Work orders are read here too, and moved only by actions that call their services; root-cause
reviews are read here and written on their own page.
"""

from functools import partial

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.admin import helpers
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from flywheel.admin import ActionsOnlyAdmin, ReadOnlyAdmin, ReadOnlyInline, apply_to_each

from .models import (
    AndonPull,
    AndonWarning,
    CorrectiveAction,
    DepartmentLead,
    PullSupport,
    RootCauseReview,
    SupplierAnswer,
    WhyStep,
    WorkOrder,
    WorkOrderAttachment,
)
from .forms_work import BulkResolveForm, CancelForm
from .selectors import overdue_expression, overdue_now, visible_to
from .services import cancel_work_order, confirm_work_order, resolve_work_order, start_work_order


class PullSupportInline(ReadOnlyInline):
    """The puller and every "+1" after, each with the complaint they brought."""

    model = PullSupport
    fields = ["at", "agent", "complaint", "reason"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agent", "complaint")


@admin.register(AndonPull)
class AndonPullAdmin(ReadOnlyAdmin):
    list_display = ["id", "target", "issue_code", "state", "pulled_by", "pulled_at", "rule_met", "complaint_count", "gmv_at_stake"]
    list_filter = ["state", "target_kind", "rule_met", "pulled_at"]
    search_fields = ["target_key", "product__sku", "product__title", "partner__name", "process__code", "pulled_by__username", "reason"]
    list_select_related = ["product", "partner", "process", "issue_code", "pulled_by"]
    fields = [
        "target_kind", "target_key", "product", "partner", "process", "state", "issue_code", "reason", "pulled_by",
        "pulled_at", "rule_met", "rule_snapshot", "gmv_at_stake",
    ]
    readonly_fields = fields
    inlines = [PullSupportInline]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(complaint_count=Count("supports__complaint", distinct=True))

    @admin.display(description=_("target"))
    def target(self, pull: AndonPull):
        return pull.target

    @admin.display(description=_("complaints"), ordering="complaint_count")
    def complaint_count(self, pull: AndonPull):
        return pull.complaint_count


@admin.register(AndonWarning)
class AndonWarningAdmin(ReadOnlyAdmin):
    list_display = ["id", "target", "issue_code", "warned_by", "warned_at", "reason"]
    list_filter = ["target_kind", "warned_at"]
    search_fields = ["target_key", "product__sku", "product__title", "warned_by__username", "reason"]
    list_select_related = ["product", "partner", "process", "issue_code", "warned_by"]
    fields = ["target_kind", "target_key", "product", "partner", "process", "complaint", "issue_code", "reason", "warned_by", "warned_at"]
    readonly_fields = fields
    list_per_page = 50

    @admin.display(description=_("target"))
    def target(self, warning: AndonWarning):
        return warning.target


# --- Work orders and root-cause reviews ------------------------------------------------------
# A work order's state moves only through the services (start, confirm, cancel here, as actions),
# which check the department, write the audit row and, on the last closure, relist the target.
# Nothing in these pages edits a state, an outcome or a review's content directly.

class SupplierAnswerInline(ReadOnlyInline):
    model = SupplierAnswer
    fields = ["complaint", "answer", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("complaint", "recorded_by")


class WorkOrderAttachmentInline(ReadOnlyInline):
    model = WorkOrderAttachment
    fields = ["file", "caption", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")


class OverdueFilter(admin.SimpleListFilter):
    """Overdue from the data (active and past due), right whether or not the escalation job has run."""

    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        overdue = overdue_now()
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


@admin.register(WorkOrder)
class WorkOrderAdmin(ActionsOnlyAdmin):
    # None added here: a pull opens its work orders, in its own transaction.
    list_display = ["id", "kind", "department", "pull", "target", "state", "assignee", "due_at", "overdue", "escalation_level"]
    list_filter = ["department", "state", "kind", OverdueFilter]
    search_fields = ["=id", "=pull__id", "pull__product__sku", "pull__product__title", "pull__partner__name", "assignee__username"]
    list_select_related = ["pull__product", "pull__partner", "pull__process", "assignee"]
    fields = [
        "pull", "kind", "department", "assignee", "state", "outcome", "notes", "opened_at", "due_at", "resolved_at",
        "closed_at", "escalation_level", "cancel_reason", "held_orders",
    ]
    readonly_fields = fields
    inlines = [SupplierAnswerInline, WorkOrderAttachmentInline]
    actions = ["start_selected", "resolve_selected", "confirm_selected", "cancel_selected"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        # The same scope as the department pages: a warehouse clerk sees the warehouse's work orders.
        return super().get_queryset(request).filter(visible_to(request.user)).annotate(
            is_overdue_now=overdue_expression(timezone.now())
        )

    @admin.display(description=_("target"))
    def target(self, work_order: WorkOrder):
        return work_order.pull.target

    @admin.display(description=_("overdue"), boolean=True, ordering="is_overdue_now")
    def overdue(self, work_order: WorkOrder) -> bool:
        return work_order.is_overdue_now

    def _apply(self, request, queryset, call, success_message: str) -> None:
        apply_to_each(
            self, request, queryset, lambda work_order: call(work_order=work_order), success_message=success_message
        )

    @admin.action(description=_("Start selected work orders"), permissions=["change"])
    def start_selected(self, request, queryset):
        self._apply(
            request, queryset, partial(start_work_order, actor=request.user),
            gettext("Started %(count)d work order(s)."),
        )

    @admin.action(description=_("Confirm selected resolved work orders (quality)"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._apply(
            request, queryset, partial(confirm_work_order, actor=request.user),
            gettext("Confirmed and closed %(count)d work order(s)."),
        )

    @admin.action(description=_("Resolve selected work orders…"), permissions=["change"])
    def resolve_selected(self, request, queryset):
        form = BulkResolveForm(request.POST if "apply" in request.POST else None, kinds=set(queryset.values_list("kind", flat=True)))
        if not form.has_common_outcome:
            self.message_user(
                request, gettext("These work orders are of kinds with no outcome in common; resolve one kind at a time."),
                messages.ERROR,
            )
            return None
        if form.is_bound and form.is_valid():
            self._apply(
                request, queryset,
                partial(resolve_work_order, actor=request.user, outcome=form.cleaned_data["outcome"], notes=form.cleaned_data["notes"]),
                gettext("Resolved %(count)d work order(s)."),
            )
            return None
        return self._ask(request, queryset, form=form, action="resolve_selected", title=gettext("Resolve work orders"))

    @admin.action(description=_("Cancel selected work orders (managers)…"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        form = CancelForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._apply(
                request, queryset, partial(cancel_work_order, actor=request.user, reason=form.cleaned_data["reason"]),
                gettext("Cancelled %(count)d work order(s)."),
            )
            return None
        return self._ask(request, queryset, form=form, action="cancel_selected", title=gettext("Cancel work orders"))

    def _ask(self, request, queryset, *, form, action: str, title: str):
        """The page between choosing an action and applying it: the selected work orders and what the action needs."""
        return TemplateResponse(
            request,
            "admin/andon/workorder/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.model._meta,
                "form": form,
                "action": action,
                "work_orders": queryset.select_related("pull__product", "pull__partner", "pull__process").order_by("pk"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


class WhyStepInline(ReadOnlyInline):
    model = WhyStep
    fields = ["position", "question", "answer"]
    readonly_fields = fields


class CorrectiveActionInline(ReadOnlyInline):
    model = CorrectiveAction
    fields = ["description", "owner", "due_on", "status", "done_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")


@admin.register(RootCauseReview)
class RootCauseReviewAdmin(ReadOnlyAdmin):
    """Read here; written on the review page (/work/reviews/<id>/) through the review services."""

    list_display = ["id", "pull", "owner", "state", "cause_category", "why_count", "action_count", "opened_at", "completed_at"]
    list_filter = ["state", "cause_category", "opened_at"]
    search_fields = ["=pull__id", "owner__username", "root_cause"]
    list_select_related = ["pull", "owner"]
    fields = ["pull", "owner", "state", "cause_category", "root_cause", "opened_at", "completed_at"]
    readonly_fields = fields
    inlines = [WhyStepInline, CorrectiveActionInline]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            why_count=Count("whys", distinct=True), action_count=Count("actions", distinct=True)
        )

    @admin.display(description=_("whys"), ordering="why_count")
    def why_count(self, review: RootCauseReview) -> int:
        return review.why_count

    @admin.display(description=_("corrective actions"), ordering="action_count")
    def action_count(self, review: RootCauseReview) -> int:
        return review.action_count


@admin.register(DepartmentLead)
class DepartmentLeadAdmin(admin.ModelAdmin):
    """Managers name each department's lead; escalations of overdue work orders reach the lead first."""

    list_display = ["department", "lead"]
    list_select_related = ["lead"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead":  # staff only: the customers are not in the list
            kwargs["queryset"] = get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
