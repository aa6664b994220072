"""A no-threshold coupon at checkout, as the customer uses it on the page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from flywheel.factories import ProductFactory
from flywheel.times import readable_date
from members.cart.services import add_to_cart
from members.factories import OrderFactory, UserFactory
from members.models import Coupon, Order
from members.orders.payments import SUCCEEDING_CARD

pytestmark = pytest.mark.django_db

SHIPPING = {"shipping_name": "Mei Lin", "shipping_address": "88 Century Avenue, Shanghai", "shipping_phone": "13800000000"}
CHECKOUT = "/checkout/"


def make_coupon(customer, code="SORRY5", amount="5.00", expires_in=timedelta(days=30), **kwargs) -> Coupon:
    return Coupon.objects.create(
        code=code, customer=customer, amount=Decimal(amount), expires_at=timezone.now() + expires_in, **kwargs
    )


@pytest.fixture
def cart(customer):
    # 20.00 + 8.00 shipping
    add_to_cart(customer=customer, product=ProductFactory(price=Decimal("20.00"), stock=10))


def test_checkout_lists_the_customers_usable_coupons_with_amount_and_expiry(customer_client, customer, cart):
    make_coupon(customer, code="SORRY5", expires_in=timedelta(days=3))
    make_coupon(customer, code="OLD1", expires_in=timedelta(days=-1))
    make_coupon(customer, code="USED1", redeemed_on=OrderFactory(customer=customer))
    make_coupon(UserFactory(username="other"), code="THEIRS1")

    response = customer_client.get(reverse("members:checkout"))

    coupons = response.context["coupons"]
    assert [coupon.code for coupon in coupons] == ["SORRY5"]
    page = response.content.decode()
    assert "?coupon=SORRY5" in page and "¥5.00" in page
    assert f"expires {readable_date(coupons[0].expires_at)}" in page


def test_clicking_a_coupon_fills_the_field_and_the_summary_shows_the_discount(customer_client, customer, cart):
    make_coupon(customer)

    response = customer_client.get(reverse("members:checkout"), {"coupon": "SORRY5"})

    page = response.content.decode()
    assert 'value="SORRY5"' in page
    assert (response.context["summary"].discount, response.context["summary"].total) == (Decimal("5.00"), Decimal("23.00"))
    assert "−¥<span data-discount>5.00</span>" in page
    assert "Pay <span data-pay-total>¥23.00</span>" in page


def test_checkout_with_a_coupon_gives_the_discount(customer_client, customer, cart):
    coupon = make_coupon(customer)

    response = customer_client.post(CHECKOUT, {**SHIPPING, "card_number": SUCCEEDING_CARD, "coupon_code": " sorry5 "})

    order = Order.objects.get(customer=customer)
    assert response.url == reverse("members:order-detail", args=[order.number])
    assert (order.status, order.discount, order.total) == (Order.Status.PAID, Decimal("5.00"), Decimal("23.00"))
    assert Coupon.objects.get(pk=coupon.pk).redeemed_on == order


def test_the_order_page_shows_the_coupon_discount(customer_client, customer, cart):
    make_coupon(customer)

    response = customer_client.post(
        CHECKOUT, {**SHIPPING, "card_number": SUCCEEDING_CARD, "coupon_code": "SORRY5"}, follow=True
    )

    assert "−¥5.00" in response.content.decode()


def test_an_expired_coupon_shows_the_message_and_creates_no_order(customer_client, customer, cart):
    make_coupon(customer, expires_in=timedelta(days=-1))

    response = customer_client.post(CHECKOUT, {**SHIPPING, "card_number": SUCCEEDING_CARD, "coupon_code": "SORRY5"})

    assert response.status_code == 200
    assert 'data-testid="coupon-error">Coupon SORRY5 has expired.' in response.content.decode()
    assert not Order.objects.exists()


def test_an_unknown_coupon_keeps_the_code_and_address_but_not_the_card(customer_client, customer, cart):
    response = customer_client.post(CHECKOUT, {**SHIPPING, "card_number": SUCCEEDING_CARD, "coupon_code": "NOPE9"})

    page = response.content.decode()
    assert "There is no coupon NOPE9 on your account." in page
    assert 'value="NOPE9"' in page and "88 Century Avenue, Shanghai" in page
    assert SUCCEEDING_CARD not in page
    assert not Order.objects.exists()


def test_checkout_without_a_coupon_is_unchanged(customer_client, customer, cart):
    make_coupon(customer)

    customer_client.post(CHECKOUT, {**SHIPPING, "card_number": SUCCEEDING_CARD})

    assert (Order.objects.get().discount, Order.objects.get().total) == (Decimal("0.00"), Decimal("28.00"))
    assert Coupon.objects.get().redeemed_on is None


def test_the_cart_page_shows_no_coupon_row(customer_client, customer, cart):
    make_coupon(customer)

    response = customer_client.get(reverse("members:cart"))

    assert 'data-testid="discount"' not in response.content.decode()
