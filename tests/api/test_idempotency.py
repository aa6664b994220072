import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from flywheel.factories import LotFactory, ProductFactory
from flywheel.models import IdempotencyRecord, Lot
from members.orders import api as orders_api
from members.orders.services import checkout
from members.factories import UserFactory
from members.models import CartItem, Order
from members.orders.payments import SimulatedGateway
from members.cart.services import add_to_cart

ORDERS = "/api/v1/orders/"
ITEMS = "/api/v1/cart/items/"


def on_hand(product) -> int:
    return sum(Lot.objects.filter(product=product).values_list("quantity_on_hand", flat=True))


@pytest.mark.django_db
def test_checkout_retried_with_the_same_key_returns_the_same_order_once(customer_api, customer, checkout_body):
    product = ProductFactory(stock=5)
    add_to_cart(customer=customer, product=product, quantity=2)

    first = customer_api.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="order-1")
    retry = customer_api.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="order-1")

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Order.objects.count() == 1
    assert on_hand(product) == 3


@pytest.mark.django_db
def test_same_key_with_a_different_body_is_a_422_and_writes_nothing(customer_api, customer, checkout_body):
    product = ProductFactory(stock=5)
    add_to_cart(customer=customer, product=product, quantity=1)
    customer_api.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="order-2")
    add_to_cart(customer=customer, product=product, quantity=1)

    response = customer_api.post(
        ORDERS, {**checkout_body, "shipping_name": "Someone else"}, format="json", HTTP_IDEMPOTENCY_KEY="order-2"
    )

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert "different request" in response.json()["detail"]
    assert Order.objects.count() == 1
    assert on_hand(product) == 4


@pytest.mark.django_db
def test_same_key_on_another_endpoint_is_a_422(customer_api, customer, checkout_body):
    ProductFactory(sku="MUG-1")
    customer_api.post(ITEMS, {"sku": "MUG-1"}, format="json", HTTP_IDEMPOTENCY_KEY="key-3")

    response = customer_api.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="key-3")

    assert response.status_code == 422
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_key_order_and_spacing_of_the_json_body_do_not_matter(customer_api, customer):
    ProductFactory(sku="MUG-2", stock=10)
    customer_api.post(ITEMS, '{"sku": "MUG-2", "quantity": 2}', content_type="application/json",
                      HTTP_IDEMPOTENCY_KEY="key-4")

    retry = customer_api.post(ITEMS, '{"quantity":2,"sku":"MUG-2"}', content_type="application/json",
                              HTTP_IDEMPOTENCY_KEY="key-4")

    assert retry.status_code == 201
    assert CartItem.objects.get(cart__customer=customer).quantity == 2


@pytest.mark.django_db
def test_a_refusal_is_replayed_too_even_when_a_new_attempt_would_succeed(customer_api, customer):
    product = ProductFactory(sku="FEW-1", stock=1)
    first = customer_api.post(ITEMS, {"sku": "FEW-1", "quantity": 2}, format="json", HTTP_IDEMPOTENCY_KEY="key-5")
    LotFactory(product=product, quantity_received=10)

    retry = customer_api.post(ITEMS, {"sku": "FEW-1", "quantity": 2}, format="json", HTTP_IDEMPOTENCY_KEY="key-5")

    assert (first.status_code, retry.status_code) == (409, 409)
    assert retry.json() == first.json()
    assert not CartItem.objects.filter(cart__customer=customer).exists()


@pytest.mark.django_db
def test_without_a_key_every_request_acts(customer_api, customer):
    ProductFactory(sku="MUG-3", stock=10)

    customer_api.post(ITEMS, {"sku": "MUG-3"}, format="json")
    customer_api.post(ITEMS, {"sku": "MUG-3"}, format="json")

    assert CartItem.objects.get(cart__customer=customer).quantity == 2
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_two_customers_may_use_the_same_key(customer_api, customer):
    ProductFactory(sku="MUG-4", stock=10)
    other = APIClient()
    other.force_login(UserFactory(username="other"))

    customer_api.post(ITEMS, {"sku": "MUG-4"}, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    response = other.post(ITEMS, {"sku": "MUG-4"}, format="json", HTTP_IDEMPOTENCY_KEY="shared")

    assert response.status_code == 201
    assert CartItem.objects.filter(product__sku="MUG-4").count() == 2


@pytest.mark.django_db
def test_a_key_still_in_progress_is_a_409(customer_api, customer, checkout_body):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)
    customer_api.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="key-6")
    # What a concurrent duplicate sees while the first request still runs.
    IdempotencyRecord.objects.filter(key="key-6").update(status_code=0, body=None)

    response = customer_api.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="key-6")

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_in_progress"
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_a_key_longer_than_200_characters_is_a_400(customer_api, customer, checkout_body):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)

    response = customer_api.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="k" * 201)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert not Order.objects.exists()


def test_a_refusal_that_echoes_a_nul_character_is_stored_and_replayed(customer):
    agent_api = APIClient()
    agent_api.force_login(UserFactory(username="agent", roles=["agent"]))
    body = {"customer": customer.username, "process": "returns-desk", "issue_code": "rude-service", "text": "Rude", "channel": "phone\x00"}

    first = agent_api.post("/api/v1/complaints/", body, format="json", HTTP_IDEMPOTENCY_KEY="nul-echo")
    retry = agent_api.post("/api/v1/complaints/", body, format="json", HTTP_IDEMPOTENCY_KEY="nul-echo")

    assert (first.status_code, retry.status_code, retry["Idempotent-Replayed"]) == (400, 400, "true")
    assert retry.json()["errors"]["channel"] == ['"phone\ufffd" is not a valid choice.']


def test_a_key_with_a_nul_character_is_a_400_not_a_database_error(customer_api, customer, checkout_body):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)

    response = customer_api.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="key\x00one")

    assert response.status_code == 400
    assert response.json()["errors"] == {"Idempotency-Key": ["Null characters are not allowed."]}
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_a_crash_releases_the_key_so_the_retry_can_act(customer_api, customer, checkout_body, monkeypatch):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)
    real_checkout = checkout

    def crash(**kwargs):
        raise RuntimeError("gateway library bug")

    monkeypatch.setattr(orders_api, "checkout", crash)
    with pytest.raises(RuntimeError):
        customer_api.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="key-7")
    monkeypatch.setattr(orders_api, "checkout", real_checkout)

    retry = customer_api.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="key-7")

    assert retry.status_code == 201
    assert Order.objects.count() == 1


class GatewayHeldOpen(SimulatedGateway):
    """Charges only when the test lets it, so a second request arrives while the first is running."""

    entered = threading.Event()
    release = threading.Event()

    def charge(self, **kwargs):
        self.entered.set()
        assert self.release.wait(timeout=10)
        return super().charge(**kwargs)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_duplicate_checkout_gets_409_and_the_retry_gets_the_one_order(customer, checkout_body, settings):
    settings.PAYMENT_GATEWAY = f"{__name__}.GatewayHeldOpen"
    GatewayHeldOpen.entered.clear()
    GatewayHeldOpen.release.clear()
    product = ProductFactory(stock=5)
    add_to_cart(customer=customer, product=product, quantity=1)
    first_answer = {}

    def first_request():
        client = APIClient()
        client.force_login(customer)
        try:
            first_answer["response"] = client.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="race")
        finally:
            connection.close()

    thread = threading.Thread(target=first_request)
    thread.start()
    assert GatewayHeldOpen.entered.wait(timeout=10)
    duplicate_client = APIClient()
    duplicate_client.force_login(customer)

    duplicate = duplicate_client.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="race")
    GatewayHeldOpen.release.set()
    thread.join(timeout=10)
    retry = duplicate_client.post(ORDERS, checkout_body, format="json", HTTP_IDEMPOTENCY_KEY="race")

    assert duplicate.status_code == 409
    assert duplicate.json()["code"] == "idempotency_in_progress"
    assert first_answer["response"].status_code == 201
    assert retry.json()["number"] == first_answer["response"].json()["number"]
    assert Order.objects.count() == 1
    assert on_hand(product) == 4
