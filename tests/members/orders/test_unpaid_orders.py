"""Unpaid orders are paid or cancelled from their page: one charge, always recorded, stock given back on cancel."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from flywheel.factories import LotFactory, ProductFactory
from flywheel.models import AuditEvent
from members.cart.services import add_to_cart
from members.errors import PaymentDeclined
from members.factories import OrderFactory, UserFactory
from members.models import Order, Profile
from members.orders.payments import DECLINED_CARD, SUCCEEDING_CARD, SimulatedGateway
from members.orders.services import NotPayable, ShippingDetails, cancel_unpaid_order, pay_order, place_order

pytestmark = pytest.mark.django_db

SHIPPING = ShippingDetails(name="Li Mei", address="88 Century Avenue, Pudong, Shanghai")


class CountingGateway(SimulatedGateway):
    """The simulated gateway, counting each charge that takes money (a new idempotency key)."""

    taken: list[str] = []

    def _decide(self, card_number):
        result = super()._decide(card_number)
        if result.succeeded:
            self.taken.append(card_number)
        return result


@pytest.fixture
def counting_gateway(settings):
    settings.PAYMENT_GATEWAY = f"{__name__}.CountingGateway"
    CountingGateway.taken = []
    return CountingGateway


@pytest.fixture
def product():
    product = ProductFactory(stock=0, price=Decimal("120.00"), title="Reading lamp")
    LotFactory(product=product, quantity_received=5)
    return product


@pytest.fixture
def unpaid_order(customer, product) -> Order:
    """An order placed from the cart whose charge never reached the gateway (the checkout died)."""
    add_to_cart(customer=customer, product=product, quantity=2)
    return place_order(customer=customer, shipping=SHIPPING)


def on_hand(product) -> int:
    return sum(product.lots.values_list("quantity_on_hand", flat=True))


def test_paying_an_unpaid_order_marks_it_paid(customer, unpaid_order, counting_gateway):
    pay_order(order=unpaid_order, customer=customer, card_number=SUCCEEDING_CARD)

    unpaid_order.refresh_from_db()
    assert (unpaid_order.status, unpaid_order.amount_paid) == (Order.Status.PAID, Decimal("240.00"))


def test_paying_twice_charges_once(customer, unpaid_order, counting_gateway):
    pay_order(order=unpaid_order, customer=customer, card_number=SUCCEEDING_CARD)

    with pytest.raises(NotPayable):
        pay_order(order=unpaid_order, customer=customer, card_number=SUCCEEDING_CARD)

    assert len(counting_gateway.taken) == 1


def test_a_declined_card_leaves_the_order_unpaid_and_placed(customer, unpaid_order, counting_gateway):
    with pytest.raises(PaymentDeclined):
        pay_order(order=unpaid_order, customer=customer, card_number=DECLINED_CARD)

    unpaid_order.refresh_from_db()
    assert (unpaid_order.status, unpaid_order.payment_reference) == (Order.Status.PLACED, "")


def test_another_card_after_a_decline_is_a_new_charge_that_pays(customer, unpaid_order, counting_gateway):
    with pytest.raises(PaymentDeclined):
        pay_order(order=unpaid_order, customer=customer, card_number=DECLINED_CARD)

    pay_order(order=unpaid_order, customer=customer, card_number=SUCCEEDING_CARD)

    unpaid_order.refresh_from_db()
    assert unpaid_order.status == Order.Status.PAID


def test_a_decline_leaves_an_audit_row(customer, unpaid_order, counting_gateway):
    with pytest.raises(PaymentDeclined):
        pay_order(order=unpaid_order, customer=customer, card_number=DECLINED_CARD)

    assert AuditEvent.objects.filter(object_id=str(unpaid_order.pk), action="payment_declined").count() == 1


def test_someone_elses_order_cannot_be_paid(unpaid_order, counting_gateway):
    with pytest.raises(NotPayable):
        pay_order(order=unpaid_order, customer=UserFactory(username="stranger"), card_number=SUCCEEDING_CARD)

    assert counting_gateway.taken == []


def test_cancelling_an_unpaid_order_puts_its_units_back(customer, unpaid_order, product):
    cancel_unpaid_order(order=unpaid_order, customer=customer)

    assert on_hand(product) == 5


def test_a_paid_order_cannot_be_cancelled_by_the_customer(customer):
    paid = OrderFactory(customer=customer, status=Order.Status.PAID)

    with pytest.raises(NotPayable):
        cancel_unpaid_order(order=paid, customer=customer)


# --- The order page ------------------------------------------------------------------------


def test_the_order_page_offers_to_pay_an_unpaid_order(customer_client, unpaid_order):
    response = customer_client.get(reverse("members:order-detail", args=[unpaid_order.number]))

    assert 'data-testid="pay-order-form"' in response.content.decode()


def test_the_order_page_offers_nothing_to_pay_on_a_paid_order(customer_client, customer):
    paid = OrderFactory(customer=customer, status=Order.Status.PAID)

    response = customer_client.get(reverse("members:order-detail", args=[paid.number]))

    assert 'data-testid="pay-order-form"' not in response.content.decode()


def test_pay_button_pays_and_says_so(customer_client, unpaid_order, counting_gateway):
    response = customer_client.post(
        reverse("members:order-pay", args=[unpaid_order.number]), {"card_number": "4242 4242 4242 4242"}, follow=True
    )

    assert "is paid and on its way to the warehouse" in response.content.decode()


def test_a_declined_card_on_the_order_page_is_a_message_not_an_error(customer_client, unpaid_order, counting_gateway):
    response = customer_client.post(
        reverse("members:order-pay", args=[unpaid_order.number]), {"card_number": DECLINED_CARD}, follow=True
    )

    assert "The card was declined by the bank." in response.content.decode()


def test_a_malformed_card_number_is_a_400_beside_the_field(customer_client, unpaid_order, counting_gateway):
    response = customer_client.post(reverse("members:order-pay", args=[unpaid_order.number]), {"card_number": "12ab"})

    assert response.status_code == 400


def test_paying_another_customers_order_is_a_404(client, unpaid_order, counting_gateway):
    client.force_login(UserFactory(username="stranger"))

    response = client.post(reverse("members:order-pay", args=[unpaid_order.number]), {"card_number": SUCCEEDING_CARD})

    assert response.status_code == 404


def test_cancel_button_cancels_the_unpaid_order(customer_client, unpaid_order):
    customer_client.post(reverse("members:order-cancel", args=[unpaid_order.number]))

    unpaid_order.refresh_from_db()
    assert unpaid_order.status == Order.Status.CANCELLED


def test_cancel_on_a_shipped_order_is_refused_with_a_message(customer_client, customer):
    shipped = OrderFactory(customer=customer, status=Order.Status.SHIPPED)

    response = customer_client.post(reverse("members:order-cancel", args=[shipped.number]), follow=True)

    assert "cannot be cancelled here" in response.content.decode()


# --- The confirmation e-mail ---------------------------------------------------------------


def test_paying_sends_one_confirmation_email(customer, unpaid_order, counting_gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pay_order(order=unpaid_order, customer=customer, card_number=SUCCEEDING_CARD)

    assert [message.subject for message in mail.outbox] == [f"Order {unpaid_order.number} is confirmed"]


def test_the_confirmation_is_in_the_members_language(customer, unpaid_order, counting_gateway, django_capture_on_commit_callbacks):
    Profile.objects.update_or_create(user=customer, defaults={"language": "zh-hans"})

    with django_capture_on_commit_callbacks(execute=True):
        pay_order(order=unpaid_order, customer=customer, card_number=SUCCEEDING_CARD)

    assert mail.outbox[0].subject == f"订单 {unpaid_order.number} 已确认"


def test_the_confirmation_lists_what_was_bought(customer, unpaid_order, counting_gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pay_order(order=unpaid_order, customer=customer, card_number=SUCCEEDING_CARD)

    assert "2 × Reading lamp: ¥240.00" in mail.outbox[0].body


def test_the_confirmation_job_run_twice_sends_once(customer, unpaid_order, counting_gateway, django_capture_on_commit_callbacks):
    from members.orders.jobs import confirm_order_by_email

    with django_capture_on_commit_callbacks(execute=True):
        pay_order(order=unpaid_order, customer=customer, card_number=SUCCEEDING_CARD)
    confirm_order_by_email(order_id=unpaid_order.pk)

    assert len(mail.outbox) == 1


def test_the_order_list_says_an_order_is_not_paid_yet(customer_client, unpaid_order):
    response = customer_client.get(reverse("members:orders"))

    assert "Not paid yet: open the order to pay or cancel it." in response.content.decode()
