"""A checkout whose process died between the gateway's answer and its record is finished later.

The "crash" is modelled exactly: the order is placed and the gateway charged under the order's
payment attempt, then nothing is recorded. The scheduled job asks the gateway and finishes it.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

from flywheel.factories import LotFactory, ProductFactory
from members.cart.services import add_to_cart
from members.factories import UserFactory
from members.jobs import reconcile_stale_checkouts
from members.models import CartItem, Order, Refund
from members.orders.payments import DECLINED_CARD, SUCCEEDING_CARD, SimulatedGateway
from members.orders.selectors import stale_checkouts
from members.orders.services import ShippingDetails, cancel_order, hold_orders_containing, place_order

pytestmark = pytest.mark.django_db

SHIPPING = ShippingDetails(name="Li Mei", address="88 Century Avenue, Pudong, Shanghai")


@pytest.fixture
def placed():
    """An order placed from a cart of one 12.34 CNY book (plus shipping), not yet charged."""
    customer = UserFactory(username="interrupted")
    product = ProductFactory(stock=0, price=Decimal("12.34"), title="Uncut book")
    LotFactory(product=product, quantity_received=5)
    add_to_cart(customer=customer, product=product, quantity=1)
    return place_order(customer=customer, shipping=SHIPPING)


def charge_then_die(order: Order, card: str = SUCCEEDING_CARD):
    """The gateway answers; the process dies before the answer is recorded."""
    return SimulatedGateway().charge(
        amount=order.total, currency="CNY", card_number=card, description=order.number, idempotency_key=order.payment_attempt
    )


def later(minutes: int):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_a_charge_taken_before_the_process_died_is_recorded_once(placed):
    result = charge_then_die(placed)

    with later(django_settings.CHECKOUT_RECONCILE_AFTER_MINUTES + 1):
        first = reconcile_stale_checkouts()
        second = reconcile_stale_checkouts()

    placed.refresh_from_db()
    assert (first, second) == ({"recorded": 1}, {})
    assert (placed.status, placed.payment_reference, placed.amount_paid) == (Order.Status.PAID, result.reference, placed.total)
    assert SimulatedGateway.charges_taken().count(placed.payment_attempt) == 1


def test_a_fresh_checkout_is_left_alone_while_its_charge_may_still_be_answering(placed):
    charge_then_die(placed)

    with later(django_settings.CHECKOUT_RECONCILE_AFTER_MINUTES - 1):
        assert reconcile_stale_checkouts() == {}

    placed.refresh_from_db()
    assert placed.status == Order.Status.PLACED


def test_an_order_held_by_a_pull_meanwhile_is_recorded_paid_and_stays_held(placed, agent):
    charge_then_die(placed)
    hold_orders_containing(product=placed.lines.get().product, reason=lambda: "Andon pull", actor=agent)

    with later(django_settings.CHECKOUT_RECONCILE_AFTER_MINUTES + 1):
        reconcile_stale_checkouts()

    placed.refresh_from_db()
    assert (placed.status, placed.held_from, placed.amount_paid) == (Order.Status.ON_HOLD, Order.Status.PAID, placed.total)


def test_an_order_cancelled_meanwhile_gets_the_charge_back(placed):
    charge_then_die(placed)
    cancel_order(order=placed, actor=placed.customer)

    with later(django_settings.CHECKOUT_RECONCILE_AFTER_MINUTES + 1):
        reconcile_stale_checkouts()

    placed.refresh_from_db()
    assert placed.payment_reference != ""
    assert list(Refund.objects.filter(order=placed).values_list("amount", flat=True)) == [placed.total]


def test_a_decline_the_process_never_recorded_cancels_the_order_and_gives_the_cart_back(placed):
    charge_then_die(placed, card=DECLINED_CARD)

    with later(django_settings.CHECKOUT_RECONCILE_AFTER_MINUTES + 1):
        assert reconcile_stale_checkouts() == {"declined": 1}

    placed.refresh_from_db()
    assert (placed.status, placed.payment_declined) == (Order.Status.CANCELLED, True)
    assert CartItem.objects.filter(cart__customer=placed.customer).count() == 1


def test_a_charge_the_gateway_never_received_leaves_the_order_for_the_customer(placed):
    with later(django_settings.CHECKOUT_RECONCILE_AFTER_MINUTES + 1):
        assert reconcile_stale_checkouts() == {"not charged": 1}

    placed.refresh_from_db()
    assert (placed.status, placed.payment_reference) == (Order.Status.PLACED, "")


def test_orders_older_than_the_window_are_left_to_people(placed):
    charge_then_die(placed)

    with later(django_settings.CHECKOUT_RECONCILE_WINDOW_HOURS * 60 + 1):
        assert not stale_checkouts().exists()
