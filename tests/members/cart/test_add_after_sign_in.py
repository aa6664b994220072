""""Add to cart" while signed out: the item is in the cart once the visitor has signed in or signed up."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from flywheel.factories import ProductFactory
from flywheel.services import put_product_under_review
from members.factories import DEMO_PASSWORD, UserFactory
from members.models import CartItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    return ProductFactory(title="Bamboo steamer", stock=10)


def add_signed_out(client, product, quantity=2):
    return client.post(reverse("members:cart-add", args=[product.sku]), {"quantity": quantity})


def sign_in(client, username="mei"):
    return client.post(reverse("members:login"), {"username": username, "password": DEMO_PASSWORD}, follow=True)


def quantities_in_cart(user) -> list[int]:
    return list(CartItem.objects.filter(cart__customer=user).values_list("quantity", flat=True))


def test_signing_in_after_add_to_cart_puts_the_item_in_the_cart(client, customer, product):
    add_signed_out(client, product)

    sign_in(client)

    assert quantities_in_cart(customer) == [2]


def test_signing_in_after_add_to_cart_lands_on_the_cart(client, customer, product):
    add_signed_out(client, product)

    response = sign_in(client)

    assert response.redirect_chain[-1][0] == reverse("members:cart")


def test_the_sign_in_page_says_what_will_be_added(client, product):
    add_signed_out(client, product)

    response = client.get(reverse("members:login"))

    assert "2 × Bamboo steamer goes into your cart" in response.content.decode()


def test_signing_up_after_add_to_cart_puts_the_item_in_the_new_cart(client, product):
    add_signed_out(client, product, quantity=1)

    client.post(
        reverse("members:signup"),
        {"username": "newbie", "email": "newbie@example.com", "password1": "a-long-enough-pass-42", "password2": "a-long-enough-pass-42"},
    )

    assert quantities_in_cart(UserFactory(username="newbie")) == [1]


def test_the_wish_is_carried_out_once(client, customer, product):
    add_signed_out(client, product)
    sign_in(client)
    client.post(reverse("members:logout"))

    sign_in(client)

    assert quantities_in_cart(customer) == [2]


def test_a_product_pulled_meanwhile_is_not_added_and_the_member_is_told(client, customer, product):
    add_signed_out(client, product)
    put_product_under_review(product=product)

    response = sign_in(client)

    assert (quantities_in_cart(customer), "temporarily unavailable - under review" in response.content.decode()) == ([], True)


def test_a_wish_older_than_an_hour_is_forgotten(client, customer, product):
    with time_machine.travel("2026-11-30 08:00 +0800", tick=False):
        add_signed_out(client, product)
    with time_machine.travel("2026-11-30 09:30 +0800", tick=False):
        sign_in(client)

    assert quantities_in_cart(customer) == []


def test_the_add_without_a_csrf_token_is_refused(customer, product):
    strict = Client(enforce_csrf_checks=True)

    response = add_signed_out(strict, product)

    assert response.status_code == 403


def test_a_plain_sign_in_goes_where_next_says(client, customer, product):
    response = client.post(
        reverse("members:login") + "?next=/orders/", {"username": "mei", "password": DEMO_PASSWORD, "next": "/orders/"}
    )

    assert response.url == "/orders/"
