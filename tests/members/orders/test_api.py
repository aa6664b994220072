from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from flywheel.factories import ProductFactory
from flywheel.models import Lot
from flywheel.services import put_product_under_review
from members.factories import OrderFactory, UserFactory
from members.models import CartItem, Order
from members.orders.payments import DECLINED_CARD
from members.cart.services import add_to_cart

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders/"


def on_hand(product) -> int:
    return sum(Lot.objects.filter(product=product).values_list("quantity_on_hand", flat=True))


def test_checkout_answers_201_with_the_paid_order(customer_api, customer, checkout_body):
    product = ProductFactory(sku="LAMP-1", price=Decimal("120.00"), stock=5)
    add_to_cart(customer=customer, product=product, quantity=2)

    response = customer_api.post(ORDERS, checkout_body, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["total"], body["shipping_fee"], body["currency"]) == ("paid", "240.00", "0.00", "CNY")
    assert [(line["sku"], line["quantity"]) for line in body["lines"]] == [("LAMP-1", 2)]
    assert "card_number" not in body
    assert Order.objects.get(number=body["number"]).customer == customer
    assert on_hand(product) == 3


def test_checkout_empties_the_cart(customer_api, customer, checkout_body):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)

    customer_api.post(ORDERS, checkout_body, format="json")

    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_checkout_of_a_cart_holding_a_pulled_product_is_a_409_and_places_nothing(customer_api, customer, checkout_body):
    product = ProductFactory(title="Uncut book", stock=5)
    add_to_cart(customer=customer, product=product, quantity=1)
    put_product_under_review(product=product)

    response = customer_api.post(ORDERS, checkout_body, format="json")

    assert response.status_code == 409
    assert response.json() == {"detail": "Uncut book is temporarily unavailable - under review.", "code": "not_buyable"}
    assert not Order.objects.exists()
    assert on_hand(product) == 5


def test_declined_card_is_a_402_and_the_order_is_cancelled_with_stock_back(customer_api, customer, checkout_body):
    product = ProductFactory(stock=5)
    add_to_cart(customer=customer, product=product, quantity=2)

    response = customer_api.post(ORDERS, {**checkout_body, "card_number": DECLINED_CARD}, format="json")

    assert response.status_code == 402
    assert response.json() == {"detail": "The card was declined by the bank.", "code": "payment_declined"}
    assert list(Order.objects.values_list("status", flat=True)) == ["cancelled"]
    assert on_hand(product) == 5


def test_checkout_of_an_empty_cart_is_a_400(customer_api, checkout_body):
    response = customer_api.post(ORDERS, checkout_body, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Your cart is empty.", "code": "empty_cart", "errors": {"non_field_errors": ["Your cart is empty."]}
    }


def test_checkout_without_an_address_is_a_400_naming_the_field(customer_api, customer, checkout_body):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)

    response = customer_api.post(ORDERS, {**checkout_body, "shipping_address": ""}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["shipping_address"]
    assert not Order.objects.exists()


def test_order_list_shows_only_my_orders(customer_api, customer):
    mine = OrderFactory(customer=customer)
    OrderFactory(customer=UserFactory(username="someone-else"))

    response = customer_api.get(ORDERS)

    assert [order["number"] for order in response.json()["results"]] == [mine.number]


def test_order_list_query_count_does_not_grow_with_orders(customer_api, customer, django_assert_num_queries):
    OrderFactory.create_batch(6, customer=customer)

    # session, user, COUNT, orders, lines with products
    with django_assert_num_queries(5):
        response = customer_api.get(ORDERS)

    assert response.json()["count"] == 6


def test_my_order_detail_shows_its_lines(customer_api, customer):
    product = ProductFactory(sku="KETTLE-1")
    order = OrderFactory(customer=customer, lines=[(product, 3)])

    response = customer_api.get(f"{ORDERS}{order.number}/")

    assert response.status_code == 200
    assert [(line["sku"], line["quantity"]) for line in response.json()["lines"]] == [("KETTLE-1", 3)]


def test_another_customers_order_is_a_404(customer_api):
    theirs = OrderFactory(customer=UserFactory(username="someone-else"))

    response = customer_api.get(f"{ORDERS}{theirs.number}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_token_authentication_reaches_my_orders(customer):
    mine = OrderFactory(customer=customer)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=customer).key}")

    response = client.get(ORDERS)

    assert response.status_code == 200
    assert [order["number"] for order in response.json()["results"]] == [mine.number]


def test_a_wrong_token_is_refused_with_json(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api_client.get(ORDERS)

    assert response.status_code in (401, 403)
    assert response.json() == {"detail": "Invalid token.", "code": "authentication_failed"}


def test_anonymous_checkout_is_refused_and_places_nothing(api_client, checkout_body):
    response = api_client.post(ORDERS, checkout_body, format="json")

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert not Order.objects.exists()
