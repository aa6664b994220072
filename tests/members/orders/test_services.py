"""Checkout and the order's life (and, at the end, the cart lines they start from), through the services."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from flywheel.errors import IllegalTransition
from flywheel.factories import LotFactory, ProductFactory
from flywheel.models import AuditEvent, ListingState, Lot, Product
from flywheel.services import apply_transition, put_product_under_review, retire_product
from members.errors import EmptyCart, NotBuyable, PaymentDeclined
from members.factories import OrderFactory, UserFactory
from members.models import CartItem, Order
from members.orders.payments import DECLINED_CARD, SUCCEEDING_CARD, PaymentResult, SimulatedGateway
from members.cart.selectors import cart_for
from members.cart.services import MAX_QUANTITY_PER_LINE, add_to_cart, set_cart_quantity
from members.orders.services import checkout
from members.orders.services import ShippingDetails, cancel_order, deliver_order, hold_order, pack_order, refund_order, refund_part, release_order, ship_order

pytestmark = pytest.mark.django_db

SHIPPING = ShippingDetails(name="Li Mei", address="88 Century Avenue, Pudong, Shanghai", phone="13800000000")


@pytest.fixture(autouse=True)
def shipping_prices(settings):
    """Pin the shipping settings so the totals below do not depend on the environment."""
    settings.SHIPPING_FEE = Decimal("8.00")
    settings.FREE_SHIPPING_THRESHOLD = Decimal("99.00")


@pytest.fixture
def warehouse_clerk():
    return UserFactory(username="warehouse-clerk", is_staff=True)


def audit_rows_of(obj):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).order_by("at", "id")


def status_in_db(order: Order) -> str:
    return Order.objects.values_list("status", flat=True).get(pk=order.pk)


def on_hand(lot: Lot) -> int:
    return Lot.objects.values_list("quantity_on_hand", flat=True).get(pk=lot.pk)


def product_with_lot(quantity: int, **product_fields) -> tuple[Product, Lot]:
    product = ProductFactory(stock=0, **product_fields)
    return product, LotFactory(product=product, quantity_received=quantity, quantity_on_hand=quantity)


def buy(customer, product: Product, quantity: int = 1) -> Order:
    add_to_cart(customer=customer, product=product, quantity=quantity)
    return checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)


def put_in_cart_directly(customer, product: Product, quantity: int = 1) -> CartItem:
    """A cart line as it was saved when the product could still be bought."""
    return CartItem.objects.create(cart=cart_for(customer), product=product, quantity=quantity)


# --- The order's happy path ---------------------------------------------------------------


def test_checkout_leaves_a_paid_order_with_the_payment_reference(customer):
    product, _lot = product_with_lot(5)

    order = buy(customer, product)

    assert status_in_db(order) == Order.Status.PAID
    assert Order.objects.get(pk=order.pk).payment_reference.startswith("sim_ch_")


def test_checkout_audits_the_placing_and_the_payment(customer):
    product, _lot = product_with_lot(5)

    order = buy(customer, product)

    rows = [(row.action, row.from_state, row.to_state, row.actor) for row in audit_rows_of(order)]
    assert rows == [("place", "", "placed", customer), ("pay", "placed", "paid", customer)]


@pytest.mark.parametrize(
    ("service", "start", "end"),
    [
        (pack_order, Order.Status.PAID, Order.Status.PACKED),
        (ship_order, Order.Status.PACKED, Order.Status.SHIPPED),
        (deliver_order, Order.Status.SHIPPED, Order.Status.DELIVERED),
    ],
    ids=["pack", "ship", "deliver"],
)
def test_each_step_after_payment_moves_the_order_and_leaves_an_audit_row(warehouse_clerk, service, start, end):
    order = OrderFactory(status=start)

    service(order=order, actor=warehouse_clerk)

    assert status_in_db(order) == end
    row = audit_rows_of(order).get()
    assert (row.actor, row.from_state, row.to_state) == (warehouse_clerk, start, end)


def test_a_bought_order_goes_all_the_way_to_delivered(customer, warehouse_clerk):
    product, _lot = product_with_lot(5)
    order = buy(customer, product)

    for service in (pack_order, ship_order, deliver_order):
        service(order=order, actor=warehouse_clerk)

    assert status_in_db(order) == Order.Status.DELIVERED
    assert [row.to_state for row in audit_rows_of(order)] == ["placed", "paid", "packed", "shipped", "delivered"]


# --- Hold and release ----------------------------------------------------------------------


@pytest.mark.parametrize("start", [Order.Status.PLACED, Order.Status.PAID, Order.Status.PACKED])
def test_holding_an_unshipped_order_records_the_reason_and_where_it_stopped(warehouse_clerk, start):
    order = OrderFactory(status=start)

    hold_order(order=order, reason="andon pull: pages uncut", actor=warehouse_clerk)

    held = Order.objects.get(pk=order.pk)
    assert (held.status, held.held_from, held.hold_reason) == (Order.Status.ON_HOLD, start, "andon pull: pages uncut")


def test_holding_an_order_leaves_an_audit_row_with_the_reason(warehouse_clerk):
    order = OrderFactory(status=Order.Status.PACKED)

    hold_order(order=order, reason="andon pull: pages uncut", actor=warehouse_clerk)

    row = audit_rows_of(order).get()
    assert (row.action, row.from_state, row.to_state, row.note) == ("hold", "packed", "on_hold", "andon pull: pages uncut")


@pytest.mark.parametrize("start", [Order.Status.PLACED, Order.Status.PAID, Order.Status.PACKED])
def test_releasing_a_held_order_returns_it_to_where_it_was(warehouse_clerk, start):
    order = OrderFactory(status=start)
    hold_order(order=order, reason="stock hold", actor=warehouse_clerk)

    release_order(order=order, actor=warehouse_clerk)

    released = Order.objects.get(pk=order.pk)
    assert (released.status, released.held_from, released.hold_reason) == (start, "", "")


def test_releasing_a_held_order_is_audited_back_to_its_previous_status(warehouse_clerk):
    order = OrderFactory(status=Order.Status.PAID)
    hold_order(order=order, reason="stock hold", actor=warehouse_clerk)

    release_order(order=order, actor=warehouse_clerk)

    row = audit_rows_of(order).last()
    assert (row.action, row.from_state, row.to_state) == ("release", "on_hold", "paid")


def test_a_shipped_order_cannot_be_held(warehouse_clerk):
    order = OrderFactory(status=Order.Status.SHIPPED)

    with pytest.raises(IllegalTransition, match="Cannot hold order: it is shipped."):
        hold_order(order=order, reason="too late", actor=warehouse_clerk)


def test_a_refused_hold_writes_nothing(warehouse_clerk):
    order = OrderFactory(status=Order.Status.SHIPPED)

    with pytest.raises(IllegalTransition):
        hold_order(order=order, reason="too late", actor=warehouse_clerk)

    unchanged = Order.objects.get(pk=order.pk)
    assert (unchanged.status, unchanged.held_from, unchanged.hold_reason) == (Order.Status.SHIPPED, "", "")
    assert not audit_rows_of(order).exists()


# --- Illegal transitions ------------------------------------------------------------------


def pay(*, order: Order, actor=None) -> Order:
    """Payment has no public service outside checkout; apply the transition the way every service does."""
    return apply_transition(obj=Order.objects.get(pk=order.pk), verb="pay", field="status", actor=actor)


ILLEGAL_MOVES = [
    pytest.param(ship_order, Order.Status.PAID, "Cannot ship order: it is paid.", id="ship-paid"),
    pytest.param(deliver_order, Order.Status.PACKED, "Cannot deliver order: it is packed.", id="deliver-packed"),
    pytest.param(cancel_order, Order.Status.SHIPPED, "Cannot cancel order: it is shipped.", id="cancel-shipped"),
    pytest.param(pay, Order.Status.CANCELLED, "Cannot pay order: it is cancelled.", id="pay-cancelled"),
]


@pytest.mark.parametrize(("service", "start", "expected_message"), ILLEGAL_MOVES)
def test_an_illegal_order_move_is_refused_with_a_clear_message(warehouse_clerk, service, start, expected_message):
    order = OrderFactory(status=start)

    with pytest.raises(IllegalTransition) as refused:
        service(order=order, actor=warehouse_clerk)

    assert refused.value.message == expected_message


@pytest.mark.parametrize(("service", "start", "expected_message"), ILLEGAL_MOVES)
def test_an_illegal_order_move_writes_nothing(warehouse_clerk, service, start, expected_message):
    order = OrderFactory(status=start)
    lot = order.lines.get().lot
    stock_before = on_hand(lot)

    with pytest.raises(IllegalTransition):
        service(order=order, actor=warehouse_clerk)

    assert status_in_db(order) == start
    assert on_hand(lot) == stock_before
    assert not audit_rows_of(order).exists()


# --- Cancel and refund --------------------------------------------------------------------


def test_cancelling_an_order_puts_its_units_back_into_their_lots(customer, warehouse_clerk):
    product, lot = product_with_lot(5)
    order = buy(customer, product, quantity=3)

    cancel_order(order=order, actor=warehouse_clerk)

    assert status_in_db(order) == Order.Status.CANCELLED
    assert on_hand(lot) == 5


def test_cancelling_an_order_split_over_two_lots_returns_each_lot_its_own_units(customer, warehouse_clerk):
    product = ProductFactory(stock=0)
    older = LotFactory(product=product, quantity_received=2, received_on=timezone.localdate() - timedelta(days=60))
    newer = LotFactory(product=product, quantity_received=5, received_on=timezone.localdate() - timedelta(days=5))
    order = buy(customer, product, quantity=4)

    cancel_order(order=order, actor=warehouse_clerk)

    assert (on_hand(older), on_hand(newer)) == (2, 5)


def test_refunding_an_unshipped_order_puts_its_units_back(customer, warehouse_clerk):
    product, lot = product_with_lot(5)
    order = buy(customer, product, quantity=2)
    pack_order(order=order, actor=warehouse_clerk)

    refund_order(order=order, actor=warehouse_clerk)

    assert status_in_db(order) == Order.Status.REFUNDED
    assert on_hand(lot) == 5


def test_refunding_a_shipped_order_does_not_put_units_back(customer, warehouse_clerk):
    product, lot = product_with_lot(5)
    order = buy(customer, product, quantity=2)
    pack_order(order=order, actor=warehouse_clerk)
    ship_order(order=order, actor=warehouse_clerk)

    refund_order(order=order, actor=warehouse_clerk)

    assert status_in_db(order) == Order.Status.REFUNDED
    assert on_hand(lot) == 3


def test_refunding_a_held_order_puts_its_units_back(customer, warehouse_clerk):
    product, lot = product_with_lot(5)
    order = buy(customer, product, quantity=2)
    hold_order(order=order, reason="andon pull", actor=warehouse_clerk)

    refund_order(order=order, actor=warehouse_clerk)

    assert on_hand(lot) == 5


def test_refunding_asks_the_gateway_to_return_the_money_after_commit(
    customer, warehouse_clerk, django_capture_on_commit_callbacks
):
    product, _lot = product_with_lot(5)
    order = Order.objects.get(pk=buy(customer, product).pk)

    with mock.patch.object(
        SimulatedGateway, "refund", autospec=True, return_value=PaymentResult(True, reference="sim_re_x")
    ) as refund, django_capture_on_commit_callbacks(execute=True):
        refund_order(order=order, actor=warehouse_clerk)

    refund.assert_called_once_with(
        mock.ANY, amount=order.total, currency="CNY", reference=order.payment_reference, idempotency_key=mock.ANY
    )


def test_a_full_refund_after_a_partial_one_returns_only_what_is_left(
    customer, warehouse_clerk, django_capture_on_commit_callbacks
):
    product, _lot = product_with_lot(5, price=Decimal("59.00"))
    order = buy(customer, product, quantity=2)  # 118.00, shipping free
    with django_capture_on_commit_callbacks(execute=True):
        refund_part(order=order, amount=Decimal("50.00"), actor=warehouse_clerk, note="compensation")

    with mock.patch.object(
        SimulatedGateway, "refund", autospec=True, return_value=PaymentResult(True, reference="sim_re_x")
    ) as refund, django_capture_on_commit_callbacks(execute=True):
        refund_order(order=order, actor=warehouse_clerk)

    assert refund.call_args.kwargs["amount"] == Decimal("68.00")


def test_refunding_does_not_ask_the_gateway_before_the_transaction_commits(
    customer, warehouse_clerk, django_capture_on_commit_callbacks
):
    product, _lot = product_with_lot(5)
    order = buy(customer, product)

    with mock.patch.object(SimulatedGateway, "refund", autospec=True) as refund, django_capture_on_commit_callbacks(
        execute=False
    ) as callbacks:
        refund_order(order=order, actor=warehouse_clerk)

    refund.assert_not_called()
    assert len(callbacks) == 1


# --- Checkout: allocation -----------------------------------------------------------------


@pytest.fixture
def product_with_two_lots():
    """Five units received 60 days ago and five received 5 days ago; the newer lot has the lower id."""
    product = ProductFactory(stock=0)
    newer = LotFactory(product=product, quantity_received=5, received_on=timezone.localdate() - timedelta(days=5))
    older = LotFactory(product=product, quantity_received=5, received_on=timezone.localdate() - timedelta(days=60))
    return product, older, newer


def test_checkout_allocates_from_the_oldest_lot_first(customer, product_with_two_lots):
    product, older, newer = product_with_two_lots

    order = buy(customer, product, quantity=3)

    assert [(line.lot, line.quantity) for line in order.lines.all()] == [(older, 3)]
    assert (on_hand(older), on_hand(newer)) == (2, 5)


def test_checkout_splits_a_quantity_over_two_lots_into_two_lines(customer, product_with_two_lots):
    product, older, newer = product_with_two_lots

    order = buy(customer, product, quantity=7)

    assert [(line.lot, line.quantity) for line in order.lines.order_by("id")] == [(older, 5), (newer, 2)]
    assert (on_hand(older), on_hand(newer)) == (0, 3)


def test_checkout_never_allocates_from_a_blocked_lot(customer, product_with_two_lots):
    product, older, newer = product_with_two_lots
    Lot.objects.filter(pk=older.pk).update(blocked=True)

    order = buy(customer, product, quantity=3)

    assert [line.lot for line in order.lines.all()] == [newer]
    assert on_hand(older) == 5


def test_checkout_refuses_units_that_only_a_blocked_lot_holds(customer):
    product, lot = product_with_lot(5, title="Tea set")
    free_lot = LotFactory(product=product, quantity_received=1)
    put_in_cart_directly(customer, product, quantity=2)
    Lot.objects.filter(pk=lot.pk).update(blocked=True)

    with pytest.raises(NotBuyable) as refused:
        checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)

    # A refusal, not a short order: the one free unit is not sold as two, the blocked five are untouched.
    assert refused.value.message == "Only 1 of Tea set left in stock."
    assert not Order.objects.exists()
    assert (on_hand(lot), on_hand(free_lot)) == (5, 1)


def test_checkout_charges_the_line_total_at_the_current_price(customer):
    product, _lot = product_with_lot(5, price=Decimal("59.00"))

    order = buy(customer, product, quantity=2)

    assert (order.subtotal, order.total) == (Decimal("118.00"), Decimal("118.00"))


def test_checkout_empties_the_cart(customer):
    product, _lot = product_with_lot(5)

    buy(customer, product)

    assert not CartItem.objects.filter(cart__customer=customer).exists()


# --- Checkout: refusals -------------------------------------------------------------------

NOT_LISTED = [
    pytest.param(ListingState.UNDER_REVIEW, "temporarily unavailable - under review", id="under_review"),
    pytest.param(ListingState.RETIRED, "no longer sold", id="retired"),
    pytest.param(ListingState.DRAFT, "not on sale yet", id="draft"),
]


@pytest.mark.parametrize(("state", "explanation"), NOT_LISTED)
def test_checkout_refuses_a_product_in_the_cart_that_is_not_listed(customer, state, explanation):
    product, _lot = product_with_lot(5, listing_state=state, title="Uncut book")
    put_in_cart_directly(customer, product)

    with pytest.raises(NotBuyable) as refused:
        checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)

    assert refused.value.message == f"Uncut book is {explanation}."


@pytest.mark.parametrize(("state", "explanation"), NOT_LISTED)
def test_a_checkout_refused_for_a_non_listed_product_writes_nothing(customer, state, explanation):
    product, lot = product_with_lot(5, listing_state=state)
    put_in_cart_directly(customer, product, quantity=2)

    with pytest.raises(NotBuyable):
        checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)

    assert not Order.objects.exists()
    assert on_hand(lot) == 5
    assert CartItem.objects.filter(cart__customer=customer, product=product, quantity=2).exists()


def test_a_product_pulled_after_it_was_added_is_blocked_at_checkout(customer, staff_user):
    product, lot = product_with_lot(5)
    add_to_cart(customer=customer, product=product)
    put_product_under_review(product=product, actor=staff_user, note="pages uncut")

    with pytest.raises(NotBuyable, match="temporarily unavailable - under review"):
        checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)

    assert not Order.objects.exists()
    assert on_hand(lot) == 5


def test_one_unbuyable_product_refuses_the_whole_cart(customer, staff_user):
    fine, fine_lot = product_with_lot(5)
    pulled, _pulled_lot = product_with_lot(5)
    add_to_cart(customer=customer, product=fine)
    add_to_cart(customer=customer, product=pulled)
    retire_product(product=pulled, actor=staff_user)

    with pytest.raises(NotBuyable, match="no longer sold"):
        checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)

    assert not Order.objects.exists()
    assert on_hand(fine_lot) == 5


def test_checkout_refuses_a_product_that_sold_out_since_it_was_added(customer):
    product, lot = product_with_lot(5, title="Tea set")
    add_to_cart(customer=customer, product=product, quantity=2)
    Lot.objects.filter(pk=lot.pk).update(quantity_on_hand=0)

    with pytest.raises(NotBuyable) as refused:
        checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)

    assert refused.value.message == "Tea set is out of stock."
    assert not Order.objects.exists()


def test_checkout_refuses_more_units_than_are_left(customer):
    product, lot = product_with_lot(5, title="Tea set")
    add_to_cart(customer=customer, product=product, quantity=3)
    Lot.objects.filter(pk=lot.pk).update(quantity_on_hand=2)

    with pytest.raises(NotBuyable, match="Only 2 of Tea set left"):
        checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)

    assert on_hand(lot) == 2


def test_checkout_of_an_empty_cart_is_refused(customer):
    with pytest.raises(EmptyCart, match="Your cart is empty."):
        checkout(customer=customer, shipping=SHIPPING, card_number=SUCCEEDING_CARD)

    assert not Order.objects.exists()


# --- Checkout: a declined card ------------------------------------------------------------


@pytest.fixture
def declined_checkout(customer):
    """Two units in the cart, then a checkout with the card the simulated bank declines."""
    product, lot = product_with_lot(5)
    add_to_cart(customer=customer, product=product, quantity=2)
    with pytest.raises(PaymentDeclined) as declined:
        checkout(customer=customer, shipping=SHIPPING, card_number=DECLINED_CARD)
    return declined.value, product, lot


def test_a_declined_card_raises_payment_declined_with_the_bank_message(declined_checkout):
    error, _product, _lot = declined_checkout

    assert (error.message, error.status_code) == ("The card was declined by the bank.", 402)


def test_a_declined_card_leaves_a_cancelled_order(customer, declined_checkout):
    assert list(Order.objects.filter(customer=customer).values_list("status", flat=True)) == [Order.Status.CANCELLED]


def test_a_declined_card_is_noted_in_the_audit_trail(customer, declined_checkout):
    order = Order.objects.get(customer=customer)

    row = audit_rows_of(order).last()
    assert (row.action, row.to_state, row.note) == ("cancel", "cancelled", "Payment declined: The card was declined by the bank.")


def test_a_declined_card_puts_the_units_back(declined_checkout):
    _error, _product, lot = declined_checkout

    assert on_hand(lot) == 5


def test_a_declined_card_keeps_the_cart(customer, declined_checkout):
    _error, product, _lot = declined_checkout

    assert CartItem.objects.filter(cart__customer=customer, product=product, quantity=2).exists()


# --- Checkout: shipping -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("price", "quantity", "fee"),
    [
        pytest.param("99.00", 1, "0.00", id="at-threshold-free"),
        pytest.param("59.00", 2, "0.00", id="above-threshold-free"),
        pytest.param("98.99", 1, "8.00", id="below-threshold-fee"),
    ],
)
def test_shipping_is_free_at_or_above_the_threshold_and_charged_below_it(customer, price, quantity, fee):
    product, _lot = product_with_lot(5, price=Decimal(price))

    order = buy(customer, product, quantity=quantity)

    assert order.shipping_fee == Decimal(fee)
    assert order.total == Decimal(price) * quantity + Decimal(fee)


def test_the_free_shipping_threshold_is_read_when_the_order_is_placed(customer, settings):
    settings.FREE_SHIPPING_THRESHOLD = Decimal("200.00")
    product, _lot = product_with_lot(5, price=Decimal("150.00"))

    order = buy(customer, product)

    assert order.shipping_fee == Decimal("8.00")


# --- Cart ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("state", "explanation"), NOT_LISTED)
def test_a_product_that_is_not_listed_cannot_be_added_to_the_cart(customer, state, explanation):
    product, _lot = product_with_lot(5, listing_state=state, title="Uncut book")

    with pytest.raises(NotBuyable) as refused:
        add_to_cart(customer=customer, product=product)

    assert refused.value.message == f"Uncut book is {explanation}."
    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_add_to_cart_reads_the_listing_state_now_not_from_the_page(customer, staff_user):
    product, _lot = product_with_lot(5)
    stale_copy = Product.objects.get(pk=product.pk)
    put_product_under_review(product=product, actor=staff_user)

    with pytest.raises(NotBuyable, match="under review"):
        add_to_cart(customer=customer, product=stale_copy)


def test_adding_a_product_twice_adds_up_in_one_line(customer):
    product, _lot = product_with_lot(10)
    add_to_cart(customer=customer, product=product, quantity=2)

    add_to_cart(customer=customer, product=product, quantity=3)

    assert list(CartItem.objects.filter(cart__customer=customer).values_list("quantity", flat=True)) == [5]


@pytest.mark.parametrize("quantity", [0, -1, MAX_QUANTITY_PER_LINE + 1])
def test_a_quantity_outside_the_limits_is_refused(customer, quantity):
    product, _lot = product_with_lot(200)

    with pytest.raises(NotBuyable, match=f"Quantity must be between 1 and {MAX_QUANTITY_PER_LINE}."):
        add_to_cart(customer=customer, product=product, quantity=quantity)

    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_adding_to_a_line_beyond_the_quantity_limit_is_refused(customer):
    product, _lot = product_with_lot(200)
    add_to_cart(customer=customer, product=product, quantity=60)

    with pytest.raises(NotBuyable, match="Quantity must be between"):
        add_to_cart(customer=customer, product=product, quantity=40)

    assert CartItem.objects.get(cart__customer=customer).quantity == 60


def test_adding_more_than_the_stock_is_refused_with_what_is_left(customer):
    product, _lot = product_with_lot(3, title="Tea set")

    with pytest.raises(NotBuyable) as refused:
        add_to_cart(customer=customer, product=product, quantity=4)

    assert refused.value.message == "Only 3 of Tea set left in stock."
    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_adding_more_to_a_line_than_the_stock_is_refused(customer):
    product, _lot = product_with_lot(3)
    add_to_cart(customer=customer, product=product, quantity=2)

    with pytest.raises(NotBuyable, match="Only 3 of"):
        add_to_cart(customer=customer, product=product, quantity=2)

    assert CartItem.objects.get(cart__customer=customer).quantity == 2


def test_a_blocked_lot_does_not_count_as_stock_for_the_cart(customer):
    product, _lot = product_with_lot(2)
    LotFactory(product=product, quantity_received=10, blocked=True)

    with pytest.raises(NotBuyable, match="Only 2 of"):
        add_to_cart(customer=customer, product=product, quantity=3)


def test_setting_a_cart_quantity_to_zero_removes_the_product(customer):
    product, _lot = product_with_lot(5)
    add_to_cart(customer=customer, product=product, quantity=2)

    set_cart_quantity(customer=customer, product=product, quantity=0)

    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_setting_a_cart_quantity_above_the_stock_is_refused(customer):
    product, _lot = product_with_lot(3)
    add_to_cart(customer=customer, product=product, quantity=1)

    with pytest.raises(NotBuyable, match="Only 3 of"):
        set_cart_quantity(customer=customer, product=product, quantity=5)

    assert CartItem.objects.get(cart__customer=customer).quantity == 1
