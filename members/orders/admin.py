"""Orders in the stock Django admin.

An order's status moves only through actions that call the order services (which lock the
row, move stock and write the audit row); the order page itself is read-only.
"""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from flywheel.admin import (
    ActionsOnlyAdmin,
    LargeTablePaginator,
    ReadOnlyInline,
    apply_to_each,
)

from .models import Order, OrderLine
from .services import (
    cancel_order,
    deliver_order,
    hold_order,
    pack_order,
    refund_order,
    release_order,
    ship_order,
)


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["product", "lot", "title", "quantity", "unit_price", "line_total"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product", "lot")

    @admin.display(description=_("line total (CNY)"))
    def line_total(self, obj):
        return obj.line_total


@admin.register(Order)
class OrderAdmin(ActionsOnlyAdmin):
    # None added here: customers place orders at checkout.
    list_display = ["number", "customer", "status", "total", "placed_at"]
    list_filter = ["status", "placed_at"]
    search_fields = ["number", "customer__username", "customer__email"]
    list_select_related = ["customer"]
    paginator = LargeTablePaginator
    # placed_at is a list filter (today, past 7 days, ...) rather than a date_hierarchy, whose
    # DISTINCT over every order's date is the slowest query on the page with a million orders.
    fields = [
        "number",
        "customer",
        "status",
        "held_from",
        "hold_reason",
        "subtotal",
        "shipping_fee",
        "discount",
        "total",
        "payment_reference",
        "shipping_name",
        "shipping_address",
        "shipping_phone",
        "language",
        "placed_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [OrderLineInline]
    actions = [
        "pack_selected",
        "ship_selected",
        "deliver_selected",
        "hold_selected",
        "release_selected",
        "cancel_selected",
        "refund_selected",
    ]
    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) over every order on each filtered page

    def _apply(self, request, queryset, service, success_message: str, **arguments) -> None:
        apply_to_each(
            self, request, queryset, lambda order: service(order=order, actor=request.user, **arguments),
            success_message=success_message, label=lambda order: order.number,
        )

    @admin.action(description=_("Pack selected orders"), permissions=["change"])
    def pack_selected(self, request, queryset):
        self._apply(request, queryset, pack_order, gettext("Packed %(count)d order(s)."))

    @admin.action(description=_("Ship selected orders"), permissions=["change"])
    def ship_selected(self, request, queryset):
        self._apply(request, queryset, ship_order, gettext("Shipped %(count)d order(s)."))

    @admin.action(description=_("Mark selected orders delivered"), permissions=["change"])
    def deliver_selected(self, request, queryset):
        self._apply(request, queryset, deliver_order, gettext("Marked %(count)d order(s) delivered."))

    @admin.action(description=_("Hold selected orders (reason: held by staff from the admin)"), permissions=["change"])
    def hold_selected(self, request, queryset):
        # A fixed reason keeps the action one click and tells the customer, who sees the reason
        # on their order page, that a person stopped the order rather than the system.
        self._apply(
            request,
            queryset,
            hold_order,
            gettext("Held %(count)d order(s)."),
            reason=gettext("Held by staff from the admin"),
        )

    @admin.action(description=_("Release selected held orders"), permissions=["change"])
    def release_selected(self, request, queryset):
        self._apply(
            request, queryset, release_order, gettext("Released %(count)d order(s)."),
            note=gettext("Released from the admin"),
        )

    @admin.action(description=_("Cancel selected orders (stock goes back to its lots)"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        self._apply(
            request, queryset, cancel_order, gettext("Cancelled %(count)d order(s)."),
            note=gettext("Cancelled from the admin"),
        )

    @admin.action(description=_("Refund selected orders in full"), permissions=["change"])
    def refund_selected(self, request, queryset):
        self._apply(
            request, queryset, refund_order, gettext("Refunded %(count)d order(s)."),
            note=gettext("Refunded from the admin"),
        )
