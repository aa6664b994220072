"""The one computation of what a cart costs, shared by the cart page, checkout, the API and place_order."""

from decimal import Decimal
from types import SimpleNamespace

from members.cart.pricing import cart_totals


def test_an_empty_cart_costs_nothing_not_even_shipping():
    assert cart_totals([]).total == Decimal("0.00")


def test_shipping_is_charged_below_the_threshold_and_free_from_it(settings):
    settings.FREE_SHIPPING_THRESHOLD, settings.SHIPPING_FEE = Decimal("99.00"), Decimal("8.00")

    assert cart_totals([(Decimal("98.99"), 1)]).total == Decimal("106.99")
    assert cart_totals([(Decimal("49.50"), 2)]).total == Decimal("99.00")


def test_a_coupon_covers_shipping_but_never_takes_the_total_below_zero(settings):
    settings.FREE_SHIPPING_THRESHOLD, settings.SHIPPING_FEE = Decimal("99.00"), Decimal("8.00")

    totals = cart_totals([(Decimal("10.00"), 1)], coupon=SimpleNamespace(amount=Decimal("50.00")))

    assert (totals.discount, totals.total) == (Decimal("18.00"), Decimal("0.00"))
