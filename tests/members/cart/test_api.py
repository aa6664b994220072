from decimal import Decimal

import pytest

from flywheel.factories import ProductFactory
from flywheel.models import ListingState
from flywheel.services import put_product_under_review
from members.models import CartItem
from members.cart.services import add_to_cart

pytestmark = pytest.mark.django_db

CART = "/api/v1/cart/"
ITEMS = "/api/v1/cart/items/"


def test_anonymous_cart_is_refused_with_json(api_client):
    response = api_client.get(CART)

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"]


def test_empty_cart_has_no_shipping_fee(customer_api):
    response = customer_api.get(CART)

    assert response.status_code == 200
    assert response.json() == {
        "version": 0, "items": [], "subtotal": "0.00", "shipping_fee": "0.00", "total": "0.00", "currency": "CNY",
    }


def test_adding_a_listed_product_puts_it_in_the_cart(customer_api, customer):
    ProductFactory(sku="MUG-1", price=Decimal("30.00"), stock=5)

    response = customer_api.post(ITEMS, {"sku": "MUG-1", "quantity": 2}, format="json")

    assert response.status_code == 201
    assert [(item["sku"], item["quantity"], item["line_total"]) for item in response.json()["items"]] == [
        ("MUG-1", 2, "60.00")
    ]
    assert response.json()["total"] == "68.00"  # below the free-shipping threshold: 8.00 shipping


def test_adding_a_product_under_review_is_a_409_and_writes_nothing(customer_api, customer):
    ProductFactory(sku="PULLED-1", title="Uncut book", listing_state=ListingState.UNDER_REVIEW)

    response = customer_api.post(ITEMS, {"sku": "PULLED-1", "quantity": 1}, format="json")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Uncut book is temporarily unavailable - under review.",
        "code": "not_buyable",
    }
    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_adding_more_than_in_stock_is_a_409(customer_api):
    ProductFactory(sku="FEW-1", stock=2)

    response = customer_api.post(ITEMS, {"sku": "FEW-1", "quantity": 3}, format="json")

    assert response.status_code == 409
    assert "left in stock" in response.json()["detail"]


def test_adding_a_draft_is_a_400_on_the_sku_field(customer_api):
    ProductFactory(sku="DRAFT-1", listing_state=ListingState.DRAFT)

    response = customer_api.post(ITEMS, {"sku": "DRAFT-1"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"sku": ["No product with this SKU."]}


def test_adding_zero_units_is_a_400_with_field_errors(customer_api):
    ProductFactory(sku="MUG-2")

    response = customer_api.post(ITEMS, {"sku": "MUG-2", "quantity": 0}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == ["quantity"]
    assert response.json()["detail"].startswith("quantity: ")


def test_malformed_json_is_a_400_json(customer_api):
    response = customer_api.post(ITEMS, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_patch_changes_the_quantity(customer_api, customer):
    product = ProductFactory(sku="MUG-3")
    add_to_cart(customer=customer, product=product, quantity=1)

    response = customer_api.patch(f"{ITEMS}MUG-3/", {"quantity": 4}, format="json")

    assert response.status_code == 200
    assert response.json()["items"][0]["quantity"] == 4


def test_patch_to_zero_removes_the_product(customer_api, customer):
    product = ProductFactory(sku="MUG-4")
    add_to_cart(customer=customer, product=product, quantity=1)

    response = customer_api.patch(f"{ITEMS}MUG-4/", {"quantity": 0}, format="json")

    assert response.status_code == 200
    assert response.json()["items"] == []


def test_patch_without_a_quantity_changes_nothing_as_the_schema_says(customer_api, customer):
    add_to_cart(customer=customer, product=ProductFactory(sku="MUG-7"), quantity=3)

    response = customer_api.patch(f"{ITEMS}MUG-7/", {}, format="json")

    assert response.status_code == 200
    assert [(item["sku"], item["quantity"]) for item in response.json()["items"]] == [("MUG-7", 3)]


def test_patch_of_a_product_not_in_the_cart_is_a_404(customer_api):
    ProductFactory(sku="MUG-5")

    response = customer_api.patch(f"{ITEMS}MUG-5/", {"quantity": 2}, format="json")

    assert response.status_code == 404
    assert response.json()["detail"] == "This product is not in your cart."


def test_delete_removes_the_product(customer_api, customer):
    product = ProductFactory(sku="MUG-6")
    add_to_cart(customer=customer, product=product, quantity=1)

    response = customer_api.delete(f"{ITEMS}MUG-6/")

    assert response.status_code == 204
    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_cart_shows_a_pulled_product_as_not_buyable(customer_api, customer):
    product = ProductFactory(sku="MUG-7")
    add_to_cart(customer=customer, product=product, quantity=1)
    put_product_under_review(product=product)

    item = customer_api.get(CART).json()["items"][0]

    assert (item["listing_state"], item["buyable"]) == ("under_review", False)


def test_a_body_that_is_not_json_is_a_400_with_the_message_under_errors(customer_api):
    response = customer_api.post(ITEMS, "{not json", content_type="application/json")

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["errors"]) == ("parse_error", {"non_field_errors": [body["detail"]]})


def test_a_body_in_plain_text_is_a_415(customer_api):
    response = customer_api.post(ITEMS, "sku=MUG-1", content_type="text/plain")

    assert (response.status_code, response.json()["code"]) == (415, "unsupported_media_type")


def test_an_idempotency_key_too_long_is_a_400_on_remove_too(customer_api, customer):
    add_to_cart(customer=customer, product=ProductFactory(sku="MUG-1"), quantity=1)

    response = customer_api.delete(f"{ITEMS}MUG-1/", HTTP_IDEMPOTENCY_KEY="k" * 201)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]


# --- The cart's version -----------------------------------------------------------------------------


def test_every_change_to_the_cart_answers_a_new_version(customer_api):
    ProductFactory(sku="MUG-1", stock=5)
    before = customer_api.get(CART).json()["version"]

    after = customer_api.post(ITEMS, {"sku": "MUG-1"}, format="json").json()["version"]

    assert after > before


def test_checking_out_a_version_the_cart_has_moved_on_from_is_a_409_and_places_nothing(customer_api, checkout_body):
    ProductFactory(sku="MUG-1", stock=5)
    ProductFactory(sku="MUG-2", stock=5)
    seen = customer_api.post(ITEMS, {"sku": "MUG-1"}, format="json").json()["version"]
    customer_api.post(ITEMS, {"sku": "MUG-2"}, format="json")  # another tab adds a line

    response = customer_api.post("/api/v1/orders/", {**checkout_body, "cart_version": seen}, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "cart_changed")
    assert customer_api.get("/api/v1/orders/").json()["results"] == []


def test_checking_out_the_version_seen_places_the_order(customer_api, checkout_body):
    ProductFactory(sku="MUG-1", stock=5)
    seen = customer_api.post(ITEMS, {"sku": "MUG-1"}, format="json").json()["version"]

    response = customer_api.post("/api/v1/orders/", {**checkout_body, "cart_version": seen}, format="json")

    assert response.status_code == 201
