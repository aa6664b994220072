"""What settling complaints cost, read-only in the stock Django admin: grants go through `grant_compensation`."""

from django.contrib import admin

from flywheel.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Compensation, CompensationRequest


class CompensationInline(ReadOnlyInline):
    model = Compensation
    fields = ["kind", "cost", "granted_by", "granted_at", "coupon", "replacement_order", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("granted_by", "coupon", "replacement_order")


@admin.register(Compensation)
class CompensationAdmin(ReadOnlyAdmin):
    """What settling customers cost; grants are made by agents through `grant_compensation`, never here."""

    list_display = ["granted_at", "complaint", "kind", "cost", "granted_by", "coupon", "replacement_order"]
    list_filter = ["kind", "granted_at"]
    search_fields = ["granted_by__username", "complaint__customer__username", "coupon__code", "replacement_order__number"]
    list_select_related = ["complaint__issue_code", "granted_by", "coupon", "replacement_order"]
    fields = ["complaint", "kind", "cost", "granted_by", "granted_at", "coupon", "replacement_order", "note"]
    readonly_fields = fields
    list_per_page = 100


@admin.register(CompensationRequest)
class CompensationRequestAdmin(ReadOnlyAdmin):
    """Requests above an agent's daily limit; decided on the console's approvals page, never here."""

    list_display = ["requested_at", "complaint", "kind", "cost", "requested_by", "approver", "state", "decided_by", "decided_at"]
    list_filter = ["state", "kind", "requested_at"]
    search_fields = ["requested_by__username", "approver__username", "complaint__customer__username"]
    list_select_related = ["complaint__issue_code", "requested_by", "approver", "decided_by"]
    fields = [
        "complaint", "kind", "amount", "quantity", "cost", "note", "requested_by", "requested_at", "approver", "state",
        "decided_by", "decided_at", "decline_reason", "compensation",
    ]
    readonly_fields = fields
    list_per_page = 100
