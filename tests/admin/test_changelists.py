"""The admin changelists managers read run a fixed number of queries, however many rows they show."""

import pytest
from django.urls import reverse

from flywheel.factories import ProductFactory
from members.factories import OrderFactory

pytestmark = pytest.mark.django_db

# session, user, one query per related-field filter (categories, suppliers), the row count, the
# rows themselves with stock and margin annotated, and the storefront context processor's cart count.
PRODUCT_CHANGELIST_QUERIES = 7
# session, user, the row count, the rows with their customers, the cart count.
ORDER_CHANGELIST_QUERIES = 5


@pytest.mark.parametrize("rows", [5, 50])
def test_product_changelist_query_count_does_not_grow_with_rows(admin_client, django_assert_num_queries, rows):
    ProductFactory.create_batch(rows)

    with django_assert_num_queries(PRODUCT_CHANGELIST_QUERIES):
        response = admin_client.get(reverse("admin:flywheel_product_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_order_changelist_query_count_does_not_grow_with_rows(admin_client, django_assert_num_queries, rows):
    product = ProductFactory(stock=100)
    OrderFactory.create_batch(rows, lines=[(product, 1)])

    with django_assert_num_queries(ORDER_CHANGELIST_QUERIES):
        response = admin_client.get(reverse("admin:members_order_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_product_changelist_shows_stock_on_hand_and_margin(admin_client):
    ProductFactory(sku="TEA-250", price="100.00", cost="88.00", stock=17)

    response = admin_client.get(reverse("admin:flywheel_product_changelist"))

    row = response.content.decode()
    assert "TEA-250" in row
    assert ">17<" in row
    assert "12.0%" in row
