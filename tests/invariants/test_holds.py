"""The hold means held, and cancelling the warehouse work order lets go of everything it held."""

import pytest

from andon.models import WorkOrder
from andon.pulls.services import pull_andon
from andon.work_orders.services import cancel_work_order, start_work_order
from flywheel.errors import IllegalTransition
from flywheel.factories import LotFactory, ProductFactory, SupplierFactory
from flywheel.models import Lot
from members.factories import OrderFactory, UserFactory
from members.models import Notification, Order
from members.orders.services import ship_order
from tickets.factories import ComplaintFactory

S = Order.Status


@pytest.fixture
def pulled(db, django_capture_on_commit_callbacks):
    """A product pulled with a placed, a paid and a packed order of it, and two lots: all held."""
    vendor = UserFactory(roles=["vendor_manager"])
    product = ProductFactory(stock=0, supplier=SupplierFactory(vendor_manager=vendor))
    lots = [LotFactory(product=product, quantity_received=10) for _ in range(2)]
    orders = {status: OrderFactory(status=status, lines=[(product, 1)]) for status in (S.PLACED, S.PAID, S.PACKED)}
    complaint = ComplaintFactory(product=product)
    with django_capture_on_commit_callbacks(execute=True):
        pull = pull_andon(agent=UserFactory(roles=["agent"]), complaint=complaint, reason="Pages uncut").pull
    orders[S.PAID + "-complainant"] = complaint.order_line.order
    return pull, orders, lots


def test_every_unshipped_order_of_the_pulled_product_is_on_hold(pulled):
    _pull, orders, lots = pulled
    assert {Order.objects.get(pk=o.pk).status for o in orders.values()} == {S.ON_HOLD}
    assert all(Lot.objects.get(pk=lot.pk).blocked for lot in lots)


def test_a_held_order_cannot_be_shipped(pulled):
    _pull, orders, _lots = pulled
    held = Order.objects.get(pk=orders[S.PACKED].pk)

    with pytest.raises(IllegalTransition, match="it is on hold"):
        ship_order(order=held)

    assert Order.objects.get(pk=held.pk).status == S.ON_HOLD


def test_cancelling_the_warehouse_work_order_releases_every_held_order_to_where_it_was(pulled, django_capture_on_commit_callbacks):
    pull, orders, lots = pulled
    warehouse = pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE)
    start_work_order(work_order=warehouse, actor=UserFactory(roles=["warehouse"]))

    with django_capture_on_commit_callbacks(execute=True):
        cancel_work_order(work_order=warehouse, actor=UserFactory(roles=["manager"]), reason="Pulled the wrong product")

    assert {name: Order.objects.get(pk=o.pk).status for name, o in orders.items()} == {
        S.PLACED: S.PLACED, S.PAID: S.PAID, S.PACKED: S.PACKED, S.PAID + "-complainant": S.PAID,
    }
    assert not Order.objects.filter(pk__in=[o.pk for o in orders.values()]).exclude(hold_reason="").exists()
    assert [Lot.objects.get(pk=lot.pk).blocked for lot in lots] == [False, False]
    told = Notification.objects.filter(key__startswith="order-released:")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(o.customer_id for o in orders.values())


def test_cancelling_the_supplier_work_order_keeps_the_stock_held(pulled):
    pull, orders, lots = pulled
    supplier = pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER)

    cancel_work_order(work_order=supplier, actor=UserFactory(roles=["manager"]), reason="Supplier already replaced")

    assert {Order.objects.get(pk=o.pk).status for o in orders.values()} == {S.ON_HOLD}
    assert all(Lot.objects.get(pk=lot.pk).blocked for lot in lots)
