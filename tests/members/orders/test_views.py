"""A customer's order pages through their URLs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.factories import OrderFactory, UserFactory
from members.models import Order

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


# --- Orders --------------------------------------------------------------------------------


def test_order_detail_shows_the_hold_reason_to_the_customer(customer_client, customer):
    order = OrderFactory(customer=customer, status=Order.Status.ON_HOLD, held_from=Order.Status.PAID,
                         hold_reason="We are inspecting this batch for a print defect.")

    response = customer_client.get(reverse("members:order-detail", args=[order.number]))

    assert "We are inspecting this batch for a print defect." in page_text(response)


def test_another_customers_order_is_not_found(customer_client):
    order = OrderFactory(customer=UserFactory(username="someone-else"))

    response = customer_client.get(reverse("members:order-detail", args=[order.number]))

    assert response.status_code == 404


def test_order_history_lists_only_the_customers_own_orders(customer_client, customer):
    mine = OrderFactory(customer=customer)
    theirs = OrderFactory(customer=UserFactory(username="someone-else"))

    response = customer_client.get(reverse("members:orders"))

    assert mine.number in page_text(response)
    assert theirs.number not in page_text(response)


def test_order_history_runs_the_same_queries_for_5_and_50_orders(customer_client, customer, django_assert_num_queries):
    OrderFactory.create_batch(5, customer=customer)
    with CaptureQueriesContext(connection) as five_orders:
        customer_client.get(reverse("members:orders"))
    OrderFactory.create_batch(45, customer=customer)
    with CaptureQueriesContext(connection) as fifty_orders:
        customer_client.get(reverse("members:orders"))

    assert len(five_orders) == len(fifty_orders)
    # Session, user, cart count, role groups, categories menu and subcategories,
    # order count, the page of orders, their lines with products.
    with django_assert_num_queries(9):
        customer_client.get(reverse("members:orders"))


def test_order_history_needs_sign_in(client):
    response = client.get(reverse("members:orders"))

    assert response.url.startswith(reverse("members:login"))
