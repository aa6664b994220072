"""No-threshold coupons at checkout, and free replacement orders."""

from datetime import timedelta
from decimal import Decimal
from unittest.mock import patch

import pytest
from django.utils import timezone

from flywheel.factories import ProductFactory
from flywheel.models import ListingState
from members.errors import InvalidCoupon, NotBuyable, PaymentDeclined
from members.factories import OrderFactory
from members.orders.jobs import pay_refund
from members.models import Coupon, Order, Refund
from members.orders.payments import DECLINED_CARD, SUCCEEDING_CARD, PaymentResult
from members.cart.services import add_to_cart
from members.orders.services import checkout
from members.orders.services import ShippingDetails, place_replacement_order, refund_order

SHIPPING = ShippingDetails("Mei Lin", "88 Century Avenue, Shanghai")


def _coupon(customer, amount="5.00", **kwargs):
    return Coupon.objects.create(
        code=kwargs.pop("code", "SORRY5"), customer=customer, amount=Decimal(amount),
        expires_at=kwargs.pop("expires_at", timezone.now() + timedelta(days=30)), **kwargs,
    )


def test_a_coupon_comes_off_the_total_shipping_included(customer):
    add_to_cart(customer=customer, product=ProductFactory(price=Decimal("20.00")))
    coupon = _coupon(customer, "5.00")

    order = checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD, coupon_code="sorry5")

    assert (order.subtotal, order.shipping_fee, order.discount, order.total) == (
        Decimal("20.00"), Decimal("8.00"), Decimal("5.00"), Decimal("23.00"),
    )
    coupon.refresh_from_db()
    assert coupon.redeemed_on == order


def test_a_coupon_larger_than_the_order_pays_it_in_full_without_a_charge(customer):
    add_to_cart(customer=customer, product=ProductFactory(price=Decimal("3.00")))
    _coupon(customer, "50.00")

    order = checkout(customer=customer, shipping=SHIPPING, card_number="", coupon_code="SORRY5")

    assert (order.total, order.status, order.payment_reference) == (Decimal("0.00"), Order.Status.PAID, "coupon")


def _checkout_refused(customer, message):
    orders_before = Order.objects.count()
    with pytest.raises(InvalidCoupon, match=message):
        checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD, coupon_code="SORRY5")
    assert Order.objects.count() == orders_before


def test_a_used_coupon_is_refused_and_nothing_is_ordered(customer):
    add_to_cart(customer=customer, product=ProductFactory())
    _coupon(customer, redeemed_on=OrderFactory(customer=customer))

    _checkout_refused(customer, "already been used")


def test_an_expired_coupon_is_refused_and_nothing_is_ordered(customer):
    add_to_cart(customer=customer, product=ProductFactory())
    _coupon(customer, expires_at=timezone.now() - timedelta(seconds=1))

    _checkout_refused(customer, "expired")


def test_someone_elses_coupon_is_refused(customer):
    add_to_cart(customer=customer, product=ProductFactory())
    _coupon(OrderFactory().customer)

    _checkout_refused(customer, "no coupon")


def test_a_declined_payment_gives_the_coupon_back(customer):
    add_to_cart(customer=customer, product=ProductFactory(price=Decimal("40.00")))
    coupon = _coupon(customer)

    with pytest.raises(PaymentDeclined):
        checkout(customer=customer, shipping=SHIPPING, card_number=DECLINED_CARD, coupon_code="SORRY5")

    coupon.refresh_from_db()
    assert coupon.redeemed_on is None


def test_a_replacement_is_a_paid_zero_price_order_from_stock(customer, staff_user):
    product = ProductFactory(stock=5)
    line = OrderFactory(customer=customer, lines=[(product, 1)]).lines.get()

    replacement = place_replacement_order(order_line=line, quantity=1, actor=staff_user)

    assert (replacement.status, replacement.total, replacement.customer) == (Order.Status.PAID, Decimal("0.00"), customer)
    assert replacement.lines.get().unit_price == Decimal("0.00")
    assert sum(lot.quantity_on_hand for lot in product.lots.all()) == 4


def test_no_replacement_of_a_product_that_is_off_sale(customer, staff_user):
    product = ProductFactory(listing_state=ListingState.UNDER_REVIEW)
    line = OrderFactory(customer=customer, lines=[(product, 1)]).lines.get()

    with pytest.raises(NotBuyable, match="refund or a coupon"):
        place_replacement_order(order_line=line, quantity=1, actor=staff_user)


def test_a_retried_refund_job_pays_only_once(customer, django_capture_on_commit_callbacks):
    add_to_cart(customer=customer, product=ProductFactory(price=Decimal("40.00")))
    order = checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)
    with patch("members.orders.payments.SimulatedGateway.refund", return_value=PaymentResult(True, "sim_re_1")) as gateway_refund:
        with django_capture_on_commit_callbacks(execute=True):
            refund_order(order=order, actor=customer)
        refund = Refund.objects.get(order=order)
        pay_refund(refund_id=refund.pk)  # a retry

    assert gateway_refund.call_count == 1
    assert gateway_refund.call_args.kwargs["amount"] == Decimal("48.00")
    assert Refund.objects.get(pk=refund.pk).gateway_reference == "sim_re_1"
