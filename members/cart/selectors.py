"""Reads about a member's cart and coupons, always scoped to that member."""

from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..catalog.selectors import stock_subquery
from .models import Cart, CartItem, Coupon


def cart_for(customer) -> Cart:
    cart, _ = Cart.objects.get_or_create(customer=customer)
    return cart


def cart_items(cart: Cart) -> QuerySet[CartItem]:
    return cart.items.select_related("product").annotate(stock=Coalesce(stock_subquery("product_id"), Value(0)))


def cart_item_of(customer, *, sku: str) -> CartItem | None:
    """The customer's own cart line for a SKU: a SKU is never looked up in someone else's cart."""
    return CartItem.objects.filter(cart__customer=customer, product__sku=sku).select_related("product").first()


def usable_coupons(customer, *, now=None) -> QuerySet[Coupon]:
    """The customer's coupons that checkout would take now: not used, not expired; soonest to expire first."""
    return Coupon.objects.filter(customer=customer, redeemed_on__isnull=True, expires_at__gt=now or timezone.now()).order_by(
        "expires_at", "id"
    )
