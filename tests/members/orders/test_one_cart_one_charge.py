"""One cart, one order, one charge: a double click, a browser retry or a client's retries pay once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from flywheel.factories import ProductFactory
from members.cart.services import add_to_cart, remove_from_cart
from members.errors import AlreadyCheckedOut, CartChanged, PaymentDeclined
from members.factories import UserFactory
from members.models import Cart, CartItem, Order
from members.orders.payments import DECLINED_CARD, SUCCEEDING_CARD, SimulatedGateway
from members.orders.services import ShippingDetails, checkout

SHIPPING = ShippingDetails(name="Li Mei", address="88 Century Avenue, Pudong, Shanghai")
ORDERS = "/api/v1/orders/"

class CountingGateway(SimulatedGateway):
    """The simulated gateway, counting each time money is actually taken (a new idempotency key)."""

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
def member_with_one_item(db):
    customer = UserFactory(username="doubleclicker")
    add_to_cart(customer=customer, product=ProductFactory(stock=10, price=Decimal("12.34")), quantity=1)
    return customer

def version_of(customer) -> int:
    return Cart.objects.get(customer=customer).version

@pytest.mark.django_db
def test_every_change_to_the_cart_makes_a_new_version(customer):
    product = ProductFactory(stock=10)
    add_to_cart(customer=customer, product=product)
    first = version_of(customer)
    add_to_cart(customer=customer, product=product)
    second = version_of(customer)
    remove_from_cart(customer=customer, product=product)

    assert first < second < version_of(customer)

def test_checkout_empties_the_cart_when_the_order_is_placed(member_with_one_item, counting_gateway):
    version = version_of(member_with_one_item)

    order = checkout(customer=member_with_one_item, shipping=SHIPPING, card_number=SUCCEEDING_CARD)

    assert order.cart_version == version
    assert not CartItem.objects.filter(cart__customer=member_with_one_item).exists()
    assert version_of(member_with_one_item) > version

def test_a_second_submission_of_one_cart_version_gets_the_first_order_and_no_charge(member_with_one_item, counting_gateway):
    version = version_of(member_with_one_item)
    first = checkout(customer=member_with_one_item, shipping=SHIPPING, card_number=SUCCEEDING_CARD, cart_version=version)

    with pytest.raises(AlreadyCheckedOut, match=first.number) as replay:
        checkout(customer=member_with_one_item, shipping=SHIPPING, card_number=SUCCEEDING_CARD, cart_version=version)

    assert replay.value.order == first
    assert Order.objects.count() == 1
    assert len(counting_gateway.taken) == 1

def test_a_cart_refilled_after_checkout_is_a_new_order(member_with_one_item, counting_gateway):
    checkout(customer=member_with_one_item, shipping=SHIPPING, card_number=SUCCEEDING_CARD)
    add_to_cart(customer=member_with_one_item, product=ProductFactory(stock=3))

    checkout(customer=member_with_one_item, shipping=SHIPPING, card_number=SUCCEEDING_CARD)

    assert Order.objects.filter(status=Order.Status.PAID).count() == 2
    assert len(counting_gateway.taken) == 2

def test_a_cart_changed_since_the_checkout_page_is_not_paid(member_with_one_item, counting_gateway):
    version = version_of(member_with_one_item)
    add_to_cart(customer=member_with_one_item, product=ProductFactory(stock=3))

    with pytest.raises(CartChanged):
        checkout(customer=member_with_one_item, shipping=SHIPPING, card_number=SUCCEEDING_CARD, cart_version=version)

    assert not Order.objects.exists()
    assert counting_gateway.taken == []

def test_a_declined_card_gives_the_customer_their_cart_back(member_with_one_item, counting_gateway):
    with pytest.raises(PaymentDeclined):
        checkout(customer=member_with_one_item, shipping=SHIPPING, card_number=DECLINED_CARD)

    assert list(CartItem.objects.filter(cart__customer=member_with_one_item).values_list("quantity", flat=True)) == [1]

def test_the_gateway_charges_a_repeated_idempotency_key_once():
    gateway = SimulatedGateway()
    charge = dict(amount="20.34", currency="CNY", card_number=SUCCEEDING_CARD, description="Order 1", idempotency_key="order-x1-charge")

    first, retry = gateway.charge(**charge), gateway.charge(**charge)

    assert first.succeeded
    assert retry.reference == first.reference
    assert SimulatedGateway.charges_taken().count("order-x1-charge") == 1

def page_form(customer) -> dict:
    return {
        "shipping_name": "Li Mei", "shipping_address": "88 Century Avenue, Pudong, Shanghai",
        "card_number": SUCCEEDING_CARD, "cart_version": version_of(customer),
    }

def test_a_resubmitted_checkout_form_redirects_to_the_order_it_made(member_with_one_item, counting_gateway, client):
    client.force_login(member_with_one_item)
    form = page_form(member_with_one_item)

    first = client.post(reverse("members:checkout"), form)
    again = client.post(reverse("members:checkout"), form)

    order = Order.objects.get()
    assert first["Location"] == again["Location"] == reverse("members:order-detail", kwargs={"number": order.number})
    assert len(counting_gateway.taken) == 1

def test_the_checkout_page_carries_the_cart_version(member_with_one_item, client):
    client.force_login(member_with_one_item)

    page = client.get(reverse("members:checkout"))

    assert f'name="cart_version" value="{version_of(member_with_one_item)}"' in page.content.decode()

def test_the_api_answers_409_naming_the_order_a_duplicate_became(member_with_one_item, counting_gateway, checkout_body):
    api = APIClient()
    api.force_authenticate(member_with_one_item)
    api.post(ORDERS, checkout_body, format="json")

    duplicate = api.post(ORDERS, checkout_body, format="json")

    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "already_checked_out"
    assert Order.objects.get().number in duplicate.json()["detail"]

# --- the same, at the same instant, on PostgreSQL's row locks ---------------------------------------

SUBMISSIONS = 6

def all_at_once(call, count: int = SUBMISSIONS) -> list:
    """Run `call(index)` on `count` threads released together; return what each returned or raised."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(index):
        try:
            barrier.wait(timeout=10)
            results[index] = call(index)
        except Exception as exc:  # asserted on by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a checkout hung"
    return results

concurrent = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

@pytest.mark.parametrize("with_version", [True, False])
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_checkouts_of_one_cart_make_one_order_and_one_charge(member_with_one_item, counting_gateway, with_version):
    version = version_of(member_with_one_item) if with_version else None

    results = all_at_once(
        lambda _index: checkout(customer=member_with_one_item, shipping=SHIPPING, card_number=SUCCEEDING_CARD, cart_version=version)
    )

    order = Order.objects.get()
    assert order.status == Order.Status.PAID
    assert len(counting_gateway.taken) == 1
    assert [result for result in results if isinstance(result, Order)] == [order]
    assert all(result.order == order for result in results if not isinstance(result, Order)), results

@pytest.mark.parametrize("keys", ["none", "one key each", "one shared key"])
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_api_checkouts_of_one_cart_make_one_order_and_one_charge(
    member_with_one_item, counting_gateway, checkout_body, keys
):
    def post(index):
        api = APIClient()
        api.force_authenticate(member_with_one_item)
        headers = {"none": {}, "one key each": {"HTTP_IDEMPOTENCY_KEY": f"k{index}"}, "one shared key": {"HTTP_IDEMPOTENCY_KEY": "k"}}
        return api.post(ORDERS, checkout_body, format="json", **headers[keys])

    responses = all_at_once(post)

    order = Order.objects.get()
    assert len(counting_gateway.taken) == 1
    assert sorted({response.status_code for response in responses}) in ([201], [201, 409])
    assert all(
        response.json().get("number") == order.number or response.json()["code"] in ("already_checked_out", "idempotency_in_progress")
        for response in responses
    )

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_the_checkout_form_make_one_order_and_one_charge(member_with_one_item, counting_gateway):
    form = page_form(member_with_one_item)

    def submit(_index):
        client = Client()
        client.force_login(member_with_one_item)
        return client.post(reverse("members:checkout"), form)

    responses = all_at_once(submit)

    order = Order.objects.get()
    assert len(counting_gateway.taken) == 1
    assert {response["Location"] for response in responses} == {reverse("members:order-detail", kwargs={"number": order.number})}
