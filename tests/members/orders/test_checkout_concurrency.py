"""Checkouts and pulls at the same instant, on real row locks (PostgreSQL only; SQLite ignores them)."""

import threading
from collections.abc import Callable

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from flywheel.factories import LotFactory, ProductFactory
from flywheel.models import AuditEvent, ListingState, Lot, Product
from flywheel.services import put_product_under_review
from members.errors import NotBuyable
from members.factories import UserFactory
from members.models import Order
from members.orders.payments import SUCCEEDING_CARD
from members.cart.services import add_to_cart
from members.orders.services import checkout
from members.orders.services import ShippingDetails

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SHIPPING = ShippingDetails(name="Li Mei", address="88 Century Avenue, Pudong, Shanghai")


def run_at_once(calls: list[Callable[[], object]]) -> list[tuple[str, object]]:
    """Start every call on its own thread at the same instant; return ("ok", value) or ("error", exc) per call."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, object] | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as exc:  # every outcome is asserted on by the test
            results[index] = ("error", exc)
        finally:
            # Each thread has its own connection; an open one would block the flush after the test.
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a checkout hung: a lock was never released"
    return results


def checkout_for(customer) -> Callable[[], Order]:
    return lambda: checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)


def customers_with_in_cart(product: Product, count: int) -> list:
    customers = [UserFactory(username=f"racer{index}") for index in range(count)]
    for customer in customers:
        add_to_cart(customer=customer, product=product, quantity=1)
    return customers


def messages_of(results) -> list[str]:
    return [getattr(value, "message", repr(value)) for kind, value in results if kind == "error"]


@pytest.fixture
def last_unit_race():
    """Ten customers hold the last unit in their carts and all check out at once."""
    product = ProductFactory(stock=0, title="Signed first edition")
    lot = LotFactory(product=product, quantity_received=1)
    customers = customers_with_in_cart(product, 10)
    results = run_at_once([checkout_for(customer) for customer in customers])
    return product, lot, results


def test_only_one_of_ten_customers_gets_the_last_unit(last_unit_race):
    product, _lot, results = last_unit_race

    assert [kind for kind, _value in results].count("ok") == 1
    assert list(Order.objects.values_list("status", flat=True)) == [Order.Status.PAID]


def test_the_other_nine_are_told_it_is_out_of_stock(last_unit_race):
    _product, _lot, results = last_unit_race

    refusals = [value for kind, value in results if kind == "error"]
    assert all(isinstance(refusal, NotBuyable) for refusal in refusals), messages_of(results)
    assert messages_of(results) == ["Signed first edition is out of stock."] * 9


def test_the_last_unit_is_allocated_exactly_once(last_unit_race):
    _product, lot, _results = last_unit_race

    assert Lot.objects.get(pk=lot.pk).quantity_on_hand == 0
    assert Order.objects.get().lines.get().quantity == 1


@pytest.fixture
def pull_during_checkouts(staff_user):
    """Eight customers check out while an agent's pull puts the product under review, all at once."""
    product = ProductFactory(stock=0, title="Uncut book")
    lot = LotFactory(product=product, quantity_received=20)
    customers = customers_with_in_cart(product, 8)
    pull = lambda: put_product_under_review(product=product, actor=staff_user, note="pages 100-101 uncut")  # noqa: E731
    results = run_at_once([pull, *(checkout_for(customer) for customer in customers)])
    pull_row = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Product), object_id=str(product.pk), action="put_under_review"
    )
    return product, lot, results, pull_row


def test_the_pull_wins_its_race_with_checkouts(pull_during_checkouts):
    product, _lot, results, _pull_row = pull_during_checkouts

    assert results[0][0] == "ok"
    assert Product.objects.values_list("listing_state", flat=True).get(pk=product.pk) == ListingState.UNDER_REVIEW


def test_a_checkout_racing_a_pull_either_pays_or_is_told_the_product_is_under_review(pull_during_checkouts):
    _product, _lot, results, _pull_row = pull_during_checkouts
    checkouts = results[1:]

    paid = [value for kind, value in checkouts if kind == "ok"]
    assert all(order.status == Order.Status.PAID for order in paid)
    assert messages_of(checkouts) == ["Uncut book is temporarily unavailable - under review."] * (8 - len(paid))


def test_no_order_is_placed_after_the_product_went_under_review(pull_during_checkouts):
    _product, _lot, _results, pull_row = pull_during_checkouts
    order_type = ContentType.objects.get_for_model(Order)

    for order in Order.objects.all():
        placed_row = AuditEvent.objects.get(content_type=order_type, object_id=str(order.pk), action="place")
        assert placed_row.pk < pull_row.pk
        assert order.placed_at <= pull_row.at


def test_stock_after_a_pull_race_matches_the_orders_placed(pull_during_checkouts):
    _product, lot, results, _pull_row = pull_during_checkouts

    placed = Order.objects.count()
    assert placed == [kind for kind, _value in results[1:]].count("ok")
    assert Lot.objects.get(pk=lot.pk).quantity_on_hand == 20 - placed
