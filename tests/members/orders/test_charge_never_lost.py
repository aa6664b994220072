"""A charge is never lost: whatever happens to an order while its charge is in flight, the charge is recorded.

The interleavings are deterministic: the gateway double blocks inside `charge` until the test lets
it answer, and the hold or cancellation happens in that window.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from flywheel.factories import LotFactory, ProductFactory
from members.cart.services import add_to_cart
from members.errors import PaymentDeclined
from members.factories import UserFactory
from members.models import CartItem, Order, Refund
from members.orders.payments import DECLINED_CARD, SUCCEEDING_CARD, SimulatedGateway
from members.orders.selectors import orders_of
from members.orders.services import (
    ShippingDetails,
    cancel_order,
    checkout,
    hold_orders_containing,
    refund_order,
    refund_part,
    release_held_orders,
)

SHIPPING = ShippingDetails(name="Li Mei", address="88 Century Avenue, Pudong, Shanghai")
ORDERS = "/api/v1/orders/"


class GatewayHeldOpen(SimulatedGateway):
    """Charges only when the test lets it: a real gateway takes seconds, and anything may happen meanwhile."""

    entered = threading.Event()
    release = threading.Event()

    def charge(self, **kwargs):
        self.entered.set()
        assert self.release.wait(timeout=10)
        return super().charge(**kwargs)


@pytest.fixture
def slow_gateway(settings):
    settings.PAYMENT_GATEWAY = f"{__name__}.GatewayHeldOpen"
    GatewayHeldOpen.entered.clear()
    GatewayHeldOpen.release.clear()
    return GatewayHeldOpen


@pytest.fixture
def member_buying():
    customer = UserFactory(username="patient")
    product = ProductFactory(stock=0, price=Decimal("12.34"), title="Uncut book")
    LotFactory(product=product, quantity_received=5)
    add_to_cart(customer=customer, product=product, quantity=1)
    return customer, product


def checkout_while(customer, slow_gateway, meanwhile) -> list:
    """Check out on a thread; while its charge is in flight, run `meanwhile(order)`; then let the charge answer."""
    outcome = []

    def run():
        try:
            outcome.append(checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD))
        except Exception as exc:  # asserted on by the test
            outcome.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert slow_gateway.entered.wait(timeout=10)
    try:
        meanwhile(Order.objects.get(customer=customer))
    finally:
        slow_gateway.release.set()
        thread.join(timeout=30)
    return outcome



@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_charge_that_succeeds_after_a_pull_held_the_order_is_recorded_on_it(member_buying, slow_gateway, staff_user):
    customer, product = member_buying

    outcome = checkout_while(customer, slow_gateway, lambda _order: hold_orders_containing(product=product, reason=lambda: "pulled", actor=staff_user))

    order = Order.objects.get()
    assert outcome == [order]
    assert (order.status, order.held_from) == (Order.Status.ON_HOLD, Order.Status.PAID)
    assert order.payment_reference.startswith("sim_ch_")
    assert (order.amount_paid, order.paid_at is not None) == (Decimal("20.34"), True)
    assert not CartItem.objects.filter(cart__customer=customer).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_held_order_paid_in_flight_is_released_as_paid(member_buying, slow_gateway, staff_user):
    customer, product = member_buying
    checkout_while(customer, slow_gateway, lambda _order: hold_orders_containing(product=product, reason=lambda: "pulled", actor=staff_user))

    release_held_orders(orders=[Order.objects.get()], actor=staff_user)

    assert Order.objects.get().status == Order.Status.PAID


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_held_order_paid_in_flight_can_be_refunded_in_full(member_buying, slow_gateway, staff_user):
    customer, product = member_buying
    checkout_while(customer, slow_gateway, lambda _order: hold_orders_containing(product=product, reason=lambda: "pulled", actor=staff_user))

    refund_order(order=Order.objects.get(), actor=staff_user)

    assert list(Refund.objects.values_list("amount", flat=True)) == [Decimal("20.34")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_charge_that_succeeds_after_a_cancellation_is_recorded_and_paid_back(member_buying, slow_gateway, staff_user):
    customer, _product = member_buying

    checkout_while(customer, slow_gateway, lambda order: cancel_order(order=order, actor=staff_user, note="customer called"))

    order = Order.objects.get()
    assert order.status == Order.Status.CANCELLED
    assert order.payment_reference.startswith("sim_ch_")
    assert list(Refund.objects.filter(order=order).values_list("amount", flat=True)) == [Decimal("20.34")]
    assert order.refunded_amount == Decimal("20.34")


def test_a_declined_card_leaves_no_order_in_the_customers_history(db, settings):
    settings.PAYMENT_GATEWAY = "members.orders.payments.SimulatedGateway"
    customer = UserFactory(username="declined")
    add_to_cart(customer=customer, product=ProductFactory(stock=5), quantity=1)

    with pytest.raises(PaymentDeclined):
        checkout(customer=customer, shipping=SHIPPING, card_number=DECLINED_CARD)

    assert not orders_of(customer).exists()
    assert Order.objects.get(customer=customer).payment_declined  # kept for audit
    assert CartItem.objects.filter(cart__customer=customer).exists()


@pytest.mark.django_db
def test_a_malformed_card_number_is_a_400_before_any_order_exists(customer, customer_api, checkout_body):
    add_to_cart(customer=customer, product=ProductFactory(stock=5), quantity=1)

    response = customer_api.post(ORDERS, {**checkout_body, "card_number": "12"}, format="json")

    assert response.status_code == 400
    assert "card_number" in response.json()["errors"]
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_a_full_refund_after_a_partial_one_records_the_whole_amount(customer, staff_user):
    add_to_cart(customer=customer, product=ProductFactory(stock=5, price=Decimal("50.00")), quantity=1)
    order = checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)
    refund_part(order=order, amount=Decimal("10.00"), actor=staff_user)

    refund_order(order=order, actor=staff_user)

    order.refresh_from_db()
    assert order.refunded_amount == order.total
    assert sum(Refund.objects.filter(order=order).values_list("amount", flat=True)) == order.total
