"""Two "Pay" clicks on one unpaid order, in a deterministic interleaving on PostgreSQL: one charge, one record.

The gateway double holds the first click's charge open until the test lets it answer; the second
click runs to the end meanwhile. Then the first answers under the same idempotency key.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from flywheel.factories import LotFactory, ProductFactory
from flywheel.models import AuditEvent
from members.cart.services import add_to_cart
from members.factories import UserFactory
from members.models import Order, Refund
from members.orders.payments import SUCCEEDING_CARD, SimulatedGateway
from members.orders.services import ShippingDetails, cancel_unpaid_order, pay_order, place_order

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class FirstChargeHeldOpen(SimulatedGateway):
    """Holds the first charge until released; later ones answer at once. Counts money taken."""

    entered = threading.Event()
    release = threading.Event()
    calls = 0
    taken: list[str] = []

    def charge(self, **kwargs):
        type(self).calls += 1
        if type(self).calls == 1:
            self.entered.set()
            assert self.release.wait(timeout=10)
        return super().charge(**kwargs)

    def _decide(self, card_number):
        result = super()._decide(card_number)
        if result.succeeded:
            self.taken.append(card_number)
        return result


@pytest.fixture
def held_gateway(settings):
    settings.PAYMENT_GATEWAY = f"{__name__}.FirstChargeHeldOpen"
    FirstChargeHeldOpen.entered.clear()
    FirstChargeHeldOpen.release.clear()
    FirstChargeHeldOpen.calls = 0
    FirstChargeHeldOpen.taken = []
    return FirstChargeHeldOpen


@pytest.fixture
def unpaid():
    customer = UserFactory(username="twoclicks")
    product = ProductFactory(stock=0, price=Decimal("45.00"))
    LotFactory(product=product, quantity_received=3)
    add_to_cart(customer=customer, product=product, quantity=1)
    order = place_order(customer=customer, shipping=ShippingDetails(name="Li Mei", address="88 Century Avenue"))
    return customer, order


def first_click_in_flight(customer, order, gateway, meanwhile) -> list:
    """Click "Pay" on a thread; while its charge is at the gateway run `meanwhile()`; then let it answer."""
    outcome = []

    def click():
        try:
            outcome.append(pay_order(order=order, customer=customer, card_number=SUCCEEDING_CARD))
        except Exception as exc:  # asserted on by the test
            outcome.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=click)
    thread.start()
    assert gateway.entered.wait(timeout=10)
    try:
        meanwhile()
    finally:
        gateway.release.set()
        thread.join(timeout=30)
    return outcome


def test_two_pay_clicks_take_the_money_once(unpaid, held_gateway):
    customer, order = unpaid

    first_click_in_flight(customer, order, held_gateway, lambda: pay_order(order=order, customer=customer, card_number=SUCCEEDING_CARD))

    assert len(held_gateway.taken) == 1


def test_two_pay_clicks_record_one_payment(unpaid, held_gateway):
    customer, order = unpaid

    outcome = first_click_in_flight(
        customer, order, held_gateway, lambda: pay_order(order=order, customer=customer, card_number=SUCCEEDING_CARD)
    )

    paid_rows = AuditEvent.objects.filter(object_id=str(order.pk), action="pay").count()
    assert ([type(result) for result in outcome], paid_rows) == ([Order], 1)


def test_a_cancel_while_the_charge_is_in_flight_pays_the_money_back(unpaid, held_gateway):
    customer, order = unpaid

    first_click_in_flight(customer, order, held_gateway, lambda: cancel_unpaid_order(order=order, customer=customer))

    order = Order.objects.get(pk=order.pk)
    refunded = Refund.objects.filter(order=order).values_list("amount", flat=True)
    assert (order.status, list(refunded)) == (Order.Status.CANCELLED, [order.total])
