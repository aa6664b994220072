"""Work orders and department leads in the admin: read here, moved only by actions that call their services."""

from functools import partial

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.urls import reverse
from django.utils.html import format_html

from flywheel.times import readable_time
from flywheel.admin import ActionsOnlyAdmin, ReadOnlyInline, apply_to_each

from .forms import BulkResolveForm, CancelForm, SendBackForm
from .models import DepartmentLead, SupplierAnswer, WorkOrder, WorkOrderAttachment, overdue_now
from .policy import visible_to
from .selectors import overdue_expression
from .services import (
    cancel_work_order,
    confirm_work_order,
    name_department_lead,
    resolve_work_order,
    send_back_work_order,
    start_work_order,
    unname_department_lead,
)



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


ESCALATION_TOLD = {1: _("lead told"), 2: _("executives told")}


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
    # The kind names its department (a filter still offers it), the pull sits over its target, and
    # "overdue" says how far it was escalated: the list fits a 1366-pixel screen.
    list_display = ["id", "kind", "pull_and_target", "state", "assignee", "due", "overdue_and_escalation"]
    # One sort key shown (the due time); the changelist adds the id itself to keep the order total.
    ordering = ["due_at"]
    list_filter = ["department", "state", "kind", OverdueFilter]
    search_fields = ["=id", "=pull__id", "pull__product__sku", "pull__product__title", "pull__partner__name", "assignee__username"]
    list_select_related = ["pull__product", "pull__partner", "pull__process", "assignee"]
    fields = [
        "pull", "kind", "department", "assignee", "state", "outcome", "notes", "opened_at", "due_at", "resolved_at",
        "closed_at", "escalation_level", "confirm_escalation_level", "cancel_reason", "sent_back_at", "send_back_reason",
        "held_orders", "returned_lots",
    ]
    readonly_fields = fields
    inlines = [SupplierAnswerInline, WorkOrderAttachmentInline]
    actions = ["start_selected", "resolve_selected", "confirm_selected", "send_back_selected", "cancel_selected"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        # The same scope as the department pages: a warehouse clerk sees the warehouse's work orders.
        return super().get_queryset(request).filter(visible_to(request.user)).annotate(
            is_overdue_now=overdue_expression(timezone.now())
        )

    class Media:
        css = {"all": ["css/admin-lists.css"]}

    @admin.display(description=_("pull"), ordering="pull_id")
    def pull_and_target(self, work_order: WorkOrder):
        pull = work_order.pull
        return format_html('<a href="{}">{}</a><br><span class="quiet">{}</span>', reverse("andon:pull", args=[pull.pk]), pull, pull.target)

    @admin.display(description=_("due"), ordering="due_at")
    def due(self, work_order: WorkOrder) -> str:
        return readable_time(work_order.due_at)

    @admin.display(description=_("overdue"), ordering="is_overdue_now")
    def overdue_and_escalation(self, work_order: WorkOrder):
        """"Overdue" and how far it was escalated, in words (the level's number says nothing to a reader)."""
        if not work_order.is_overdue_now:
            return "-"
        told = ESCALATION_TOLD.get(work_order.escalation_level, "")
        return format_html('<strong class="errornote-inline">{}</strong>{}', gettext("Overdue"), format_html('<br><span class="quiet">{}</span>', told) if told else "")

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

    @admin.action(description=_("Send selected resolved work orders back to their departments (quality)…"), permissions=["change"])
    def send_back_selected(self, request, queryset):
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._apply(
                request, queryset, partial(send_back_work_order, actor=request.user, reason=form.cleaned_data["reason"]),
                gettext("Sent %(count)d work order(s) back to their departments."),
            )
            return None
        return self._ask(request, queryset, form=form, action="send_back_selected", title=gettext("Send work orders back"))

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




@admin.register(DepartmentLead)
class DepartmentLeadAdmin(admin.ModelAdmin):
    """Managers name each department's lead; escalations of overdue work orders reach the lead first."""

    list_display = ["department", "lead"]
    list_select_related = ["lead"]

    def save_model(self, request, obj, form, change):
        # Through the service, which writes the audit row (the form has validated the lead's role).
        name_department_lead(department=obj.department, lead=obj.lead, actor=request.user, row=obj)

    def delete_model(self, request, obj):
        unname_department_lead(row=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for row in queryset.select_related("lead"):
            unname_department_lead(row=row, actor=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead":  # staff only: the customers are not in the list
            kwargs["queryset"] = get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
