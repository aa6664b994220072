"""Unfiltered changelists of tables that only grow take PostgreSQL's row estimate instead of a full count."""

import pytest
from django.db import connection
from django.urls import reverse

from flywheel import admin as flywheel_admin
from flywheel.admin import LargeTablePaginator
from members.factories import OrderFactory
from members.models import Order

pytestmark = pytest.mark.django_db


def _analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_order")


@pytest.mark.postgres
def test_an_unfiltered_big_table_is_counted_from_the_estimate(monkeypatch, django_assert_num_queries):
    OrderFactory.create_batch(12)
    _analyze()
    Order.objects.filter(pk__in=Order.objects.values("pk")[:2]).delete()  # the estimate lags behind
    monkeypatch.setattr(flywheel_admin, "ESTIMATE_COUNT_ABOVE", 5)

    with django_assert_num_queries(1):
        count = LargeTablePaginator(Order.objects.all(), 10).count

    assert count == 12  # the estimate from ANALYZE, not the exact 10


@pytest.mark.postgres
def test_a_filtered_or_small_table_is_counted_exactly(monkeypatch):
    OrderFactory.create_batch(12, status=Order.Status.PAID)
    _analyze()
    Order.objects.filter(pk__in=Order.objects.values("pk")[:2]).delete()

    assert LargeTablePaginator(Order.objects.all(), 10).count == 10  # under the threshold: exact
    monkeypatch.setattr(flywheel_admin, "ESTIMATE_COUNT_ABOVE", 5)
    assert LargeTablePaginator(Order.objects.filter(status=Order.Status.PAID), 10).count == 10


def test_the_order_changelist_pages_with_it(admin_client):
    OrderFactory.create_batch(3)

    response = admin_client.get(reverse("admin:members_order_changelist"))

    assert isinstance(response.context["cl"].paginator, LargeTablePaginator)
    assert response.context["cl"].result_count == 3


@pytest.mark.postgres
def test_rows_added_since_the_estimate_are_still_reachable_on_the_last_pages(monkeypatch):
    OrderFactory.create_batch(10)
    _analyze()
    OrderFactory.create_batch(4)  # the estimate still says 10
    monkeypatch.setattr(flywheel_admin, "ESTIMATE_COUNT_ABOVE", 5)
    paginator = LargeTablePaginator(Order.objects.order_by("pk"), 5)

    assert (paginator.count, paginator.num_pages) == (10, 2)
    last = paginator.page(3)

    assert len(last.object_list) == 4
    assert (paginator.count, paginator.num_pages) == (14, 3)
