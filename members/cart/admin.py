"""Carts and coupons, read-only in the stock Django admin."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from flywheel.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Cart, CartItem, Coupon


class CartItemInline(ReadOnlyInline):
    model = CartItem
    fields = ["product", "quantity", "added_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")


@admin.register(Cart)
class CartAdmin(ReadOnlyAdmin):
    """What customers are about to buy; carts belong to their owners, so staff only look."""

    list_display = ["customer", "item_count", "updated_at"]
    search_fields = ["customer__username", "customer__email"]
    list_select_related = ["customer"]
    fields = ["customer", "updated_at"]
    readonly_fields = fields
    inlines = [CartItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=_("items"), ordering="item_count")
    def item_count(self, obj):
        return obj.item_count


@admin.register(Coupon)
class CouponAdmin(ReadOnlyAdmin):
    """Coupons are money: issued by `issue_coupon` (compensation, membership) and spent at checkout, never typed in."""

    list_display = ["code", "customer", "amount", "reason", "issued_at", "expires_at", "redeemed_on"]
    list_filter = ["expires_at", "issued_at"]
    search_fields = ["code", "customer__username", "customer__email", "reason"]
    list_select_related = ["customer", "redeemed_on"]
    fields = ["code", "customer", "amount", "reason", "issued_at", "expires_at", "redeemed_on"]
    readonly_fields = fields
    list_per_page = 100
    show_full_result_count = False
