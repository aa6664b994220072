"""The cart and checkout pages through their URLs, as a shopper uses them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from flywheel.factories import ProductFactory
from flywheel.models import ListingState
from flywheel.services import put_product_under_review
from members.cart.services import add_to_cart
from members.models import CartItem, Order
from members.orders.payments import DECLINED_CARD, SUCCEEDING_CARD
from members.catalog.selectors import stock_of

pytestmark = pytest.mark.django_db

SHIPPING = {"shipping_name": "Mei Lin", "shipping_address": "88 Century Avenue, Shanghai", "shipping_phone": "13800000000"}


def page_text(response) -> str:
    return response.content.decode()


# --- Cart ----------------------------------------------------------------------------------


def test_adding_a_listed_product_puts_it_in_the_cart(customer_client, customer):
    product = ProductFactory()

    response = customer_client.post(reverse("members:cart-add", args=[product.sku]), {"quantity": 2}, follow=True)

    assert CartItem.objects.get(cart__customer=customer, product=product).quantity == 2
    assert 'data-testid="cart-count"' in page_text(response)
    assert "Added 2" in page_text(response)


def test_adding_an_under_review_product_is_refused_with_a_message_and_nothing_is_added(customer_client, customer):
    product = ProductFactory(listing_state=ListingState.UNDER_REVIEW)

    response = customer_client.post(reverse("members:cart-add", args=[product.sku]), {"quantity": 1}, follow=True)

    assert response.status_code == 200
    assert "temporarily unavailable - under review" in page_text(response)
    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_anonymous_add_to_cart_redirects_to_sign_in_and_back_to_the_product(client):
    product = ProductFactory()

    response = client.post(reverse("members:cart-add", args=[product.sku]), {"quantity": 1})

    product_url = reverse("members:product", args=[product.sku])
    assert response.status_code == 302
    assert response.url == f"{reverse('members:login')}?next={product_url}"


def test_cart_flags_a_product_pulled_after_it_was_added_and_disables_checkout(customer_client, customer):
    product = ProductFactory(title="Enamel kettle")
    add_to_cart(customer=customer, product=product, quantity=1)
    put_product_under_review(product=product)

    response = customer_client.get(reverse("members:cart"))

    assert "Enamel kettle is temporarily unavailable - under review." in page_text(response)
    assert 'disabled aria-describedby="checkout-blocked" data-testid="checkout"' in page_text(response)


def test_setting_a_cart_line_to_zero_removes_it(customer_client, customer):
    product = ProductFactory()
    add_to_cart(customer=customer, product=product, quantity=2)

    customer_client.post(reverse("members:cart-update", args=[product.sku]), {"quantity": 0})

    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_asking_for_more_than_the_stock_is_refused_with_a_message(customer_client, customer):
    product = ProductFactory(title="Tea tin", stock=3)
    add_to_cart(customer=customer, product=product, quantity=1)

    response = customer_client.post(reverse("members:cart-update", args=[product.sku]), {"quantity": 5}, follow=True)

    assert "Only 3 of Tea tin left in stock." in page_text(response)
    assert CartItem.objects.get(cart__customer=customer).quantity == 1


def test_remove_takes_the_product_out_of_the_cart(customer_client, customer):
    product = ProductFactory()
    add_to_cart(customer=customer, product=product, quantity=1)

    customer_client.post(reverse("members:cart-remove", args=[product.sku]))

    assert not CartItem.objects.filter(cart__customer=customer).exists()


# --- Checkout ------------------------------------------------------------------------------


def test_checkout_page_shows_the_test_cards_and_the_shipping_fee(customer_client, customer):
    add_to_cart(customer=customer, product=ProductFactory(price=Decimal("59.00")), quantity=1)

    response = customer_client.get(reverse("members:checkout"))

    assert "4242 4242 4242 4242" in page_text(response)
    assert "4000 0000 0000 0002" in page_text(response)
    assert "¥8.00" in page_text(response)
    assert "¥67.00" in page_text(response)


def test_checkout_with_the_good_card_creates_a_paid_order_and_empties_the_cart(customer_client, customer):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=2)

    response = customer_client.post(reverse("members:checkout"), {**SHIPPING, "card_number": "4242 4242 4242 4242"})

    order = Order.objects.get(customer=customer)
    assert order.status == Order.Status.PAID
    assert response.url == reverse("members:order-detail", args=[order.number])
    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_checkout_with_a_declined_card_shows_the_decline_and_restores_the_stock(customer_client, customer):
    product = ProductFactory(stock=10)
    add_to_cart(customer=customer, product=product, quantity=2)

    response = customer_client.post(reverse("members:checkout"), {**SHIPPING, "card_number": DECLINED_CARD})

    assert "The card was declined by the bank." in page_text(response)
    assert not Order.objects.filter(customer=customer, status=Order.Status.PAID).exists()
    assert stock_of(product) == 10
    assert CartItem.objects.filter(cart__customer=customer).exists()


def test_declined_checkout_keeps_the_address_but_does_not_echo_the_card_number(customer_client, customer):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)

    response = customer_client.post(reverse("members:checkout"), {**SHIPPING, "card_number": DECLINED_CARD})

    assert "88 Century Avenue, Shanghai" in page_text(response)
    assert DECLINED_CARD not in page_text(response)


def test_checkout_of_a_cart_holding_a_product_pulled_after_it_was_added_is_refused(customer_client, customer):
    product = ProductFactory(title="Enamel kettle", stock=10)
    add_to_cart(customer=customer, product=product, quantity=1)
    put_product_under_review(product=product)

    response = customer_client.post(reverse("members:checkout"), {**SHIPPING, "card_number": SUCCEEDING_CARD})

    assert "Enamel kettle is temporarily unavailable - under review." in page_text(response)
    assert not Order.objects.exists()
    assert stock_of(product) == 10


def test_checkout_form_shows_missing_fields_next_to_them(customer_client, customer):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)

    response = customer_client.post(reverse("members:checkout"), {"card_number": "12"})

    assert page_text(response).count('class="field-error"') == 3
    assert not Order.objects.exists()
