"""The bonus ledger and the payroll batches in the admin: read here, moved only by actions that call the services.

Managers approve their teams' accrued entries in bulk; executives (there is no finance role) close
a month into a payroll batch, export it as CSV and confirm it paid. Nothing here edits an amount,
adds or deletes an entry: the ledger is append-only.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from flywheel.admin import ActionsOnlyAdmin
from flywheel.errors import DomainError

from . import policy
from .forms import CloseMonthForm
from .models import BonusEntry, PayrollBatch
from .selectors import in_month, month_label, parse_month, this_month
from .services import approve_bonus_entries, close_payroll_month, confirm_payroll_paid
from .views import csv_response, payroll_csv

MONTHS_IN_FILTER = 12


class BonusMonthFilter(admin.SimpleListFilter):
    """The month an entry belongs to: its accrual's, as on the statements and in payroll."""

    title = _("month")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        month, months = this_month(), []
        for _step in range(MONTHS_IN_FILTER):
            months.append((month_label(month), month_label(month)))
            month = (month - timedelta(days=1)).replace(day=1)
        return months

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            month = parse_month(self.value())
        except ValueError:
            return queryset.none()
        return queryset.filter(in_month(month))


@admin.register(BonusEntry)
class BonusEntryAdmin(ActionsOnlyAdmin):
    list_display = ["id", "agent", "pull", "team", "kind", "amount", "state", "created_at", "approved_by", "batch"]
    list_filter = ["state", "kind", BonusMonthFilter]
    list_select_related = ["agent", "pull__team", "approved_by", "batch"]
    search_fields = ["=id", "=pull__id", "agent__username"]
    fields = ["agent", "pull", "kind", "amount", "state", "reverses", "created_at", "approved_by", "approved_at", "batch"]
    readonly_fields = fields
    actions = ["approve_selected"]
    list_per_page = 100
    show_full_result_count = False

    def get_queryset(self, request):
        # A manager reads the entries they may approve (their teams' pulls) and their own.
        return super().get_queryset(request).filter(policy.ledger_visible_to(request.user))

    @admin.display(description=_("team"), ordering="pull__team__name")
    def team(self, entry: BonusEntry):
        return entry.pull.team or "—"

    @admin.action(description=_("Approve selected accrued bonuses"), permissions=["change"])
    def approve_selected(self, request, queryset):
        try:
            approved = approve_bonus_entries(entry_ids=list(queryset.values_list("pk", flat=True)), actor=request.user)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            ngettext("Approved %(count)d bonus entry.", "Approved %(count)d bonus entries.", approved) % {"count": approved},
            messages.SUCCESS if approved else messages.WARNING,
        )


@admin.register(PayrollBatch)
class PayrollBatchAdmin(ActionsOnlyAdmin):
    list_display = ["id", "month", "state", "total", "entry_count", "closed_by", "closed_at", "paid_by", "paid_at", "export"]
    list_filter = ["state"]
    list_select_related = ["closed_by", "paid_by"]
    fields = ["period", "state", "total", "entry_count", "closed_by", "closed_at", "paid_by", "paid_at"]
    readonly_fields = fields
    actions = ["export_selected", "confirm_paid_selected"]
    change_list_template = "admin/andon/payrollbatch/change_list.html"

    def has_view_permission(self, request, obj=None):
        return policy.may_run_payroll(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return policy.may_run_payroll(request.user) and super().has_change_permission(request, obj)

    def get_urls(self):
        return [
            path("close-month/", self.admin_site.admin_view(self.close_month_view), name="andon_payrollbatch_close_month"),
            path("<int:pk>/export/", self.admin_site.admin_view(self.export_view), name="andon_payrollbatch_export"),
            *super().get_urls(),
        ]

    @admin.display(description=_("month"), ordering="period")
    def month(self, batch: PayrollBatch) -> str:
        return month_label(batch.period)

    @admin.display(description=_("CSV"))
    def export(self, batch: PayrollBatch):
        return format_html('<a href="{}">{}</a>', reverse("admin:andon_payrollbatch_export", args=[batch.pk]), gettext("Export CSV"))

    @admin.action(description=_("Export selected batches as CSV"), permissions=["view"])
    def export_selected(self, request, queryset):
        batches = list(queryset.order_by("period", "pk"))
        return csv_response(payroll_csv(batches), "payroll-batches.csv")

    @admin.action(description=_("Confirm selected batches paid"), permissions=["change"])
    def confirm_paid_selected(self, request, queryset):
        done, failures = 0, []
        for batch in queryset.order_by("pk"):
            try:
                confirm_payroll_paid(batch=batch, actor=request.user)
            except DomainError as exc:
                failures.append(exc.message)
            else:
                done += 1
        if done:
            self.message_user(
                request, ngettext("Confirmed %(count)d batch paid.", "Confirmed %(count)d batches paid.", done) % {"count": done},
                messages.SUCCESS,
            )
        for failure in failures:
            self.message_user(request, failure, messages.ERROR)

    def export_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = PayrollBatch.objects.filter(pk=pk).first()
        if batch is None:
            return redirect("admin:andon_payrollbatch_changelist")
        return csv_response(payroll_csv([batch]), f"payroll-{month_label(batch.period)}-batch-{batch.pk}.csv")

    def close_month_view(self, request):
        """The page between "Close a month" and the batch: which month, then the service."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = CloseMonthForm.with_default(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                batch = close_payroll_month(month=form.cleaned_data["month"], actor=request.user)
            except DomainError as exc:
                form.add_error("month", exc.message)
            else:
                self.message_user(
                    request,
                    gettext("Closed %(month)s into payroll batch #%(id)s: %(count)d entries, %(total)s CNY.")
                    % {"month": month_label(batch.period), "id": batch.pk, "count": batch.entry_count, "total": batch.total},
                    messages.SUCCESS,
                )
                return redirect("admin:andon_payrollbatch_changelist")
        return TemplateResponse(request, "admin/andon/payrollbatch/close_month.html", {
            **self.admin_site.each_context(request),
            "title": gettext("Close a month for payroll"),
            "opts": self.model._meta,
            "form": form,
        })
