"""What a cart costs: the one computation the cart page, checkout, the cart API and place_order share."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CartTotals:
    subtotal: Decimal
    shipping_fee: Decimal
    discount: Decimal

    @property
    def before_discount(self) -> Decimal:
        return self.subtotal + self.shipping_fee

    @property
    def total(self) -> Decimal:
        return self.before_discount - self.discount

    @property
    def free_shipping_gap(self) -> Decimal:
        """How much more the customer must add for free shipping (0 once it is free)."""
        return max(settings.FREE_SHIPPING_THRESHOLD - self.subtotal, ZERO)


def shipping_fee_for(subtotal: Decimal) -> Decimal:
    return ZERO if subtotal >= settings.FREE_SHIPPING_THRESHOLD else settings.SHIPPING_FEE


def cart_totals(lines: Iterable[tuple[Decimal, int]], *, coupon=None) -> CartTotals:
    """Totals of (unit price, quantity) lines, with an optional coupon.

    An empty cart ships nothing, so it costs nothing. A no-threshold coupon covers shipping too,
    but never more than the order: the total is never below zero.
    """
    lines = list(lines)
    subtotal = sum((price * quantity for price, quantity in lines), ZERO)
    fee = shipping_fee_for(subtotal) if lines else ZERO
    discount = min(coupon.amount, subtotal + fee) if coupon else ZERO
    return CartTotals(subtotal=subtotal, shipping_fee=fee, discount=discount)
