"""A "+1" that arrives while the last confirmation is relisting the product: it must not be lost.

The confirmation holds the product and is relisting it; the "+1" queues behind the product. The
rules allow one result: the first pull resolves and the product comes back, then the "+1" finds
no open pull and opens a new one, taking the product off sale again with its complaint attached.
"""

import threading
import time

import pytest
from django.db import connection

from andon.models import AndonPull, WorkOrder
from andon.pulls.services import pull_andon
from andon.work_orders.services import confirm_work_order, record_supplier_answer, resolve_work_order, start_work_order
from andon.work_orders import services as work_order_services
from flywheel.factories import LotFactory, ProductFactory, SupplierFactory
from flywheel.models import ListingState, Product
from members.factories import UserFactory
from tickets.factories import ComplaintFactory

Kind, Outcome = WorkOrder.Kind, WorkOrder.Outcome


def _wait_until_a_connection_waits_on_a_row_lock() -> None:
    """Return once another connection is queued behind a row lock: a condition, not a nap."""
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
    raise AssertionError("no connection ever waited on the lock the test expected")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_plus_one_queued_behind_the_relisting_opens_a_new_pull(monkeypatch):
    agent, vendor, warehouse, quality = (UserFactory(roles=[r]) for r in ("agent", "vendor_manager", "warehouse", "quality"))
    product = ProductFactory(stock=0, supplier=SupplierFactory(vendor_manager=vendor))
    LotFactory(product=product, quantity_received=10)
    complaint = ComplaintFactory(product=product)
    pull = pull_andon(agent=agent, complaint=complaint, reason="Pages uncut").pull
    supplier_order, warehouse_order = pull.work_orders.get(kind=Kind.SUPPLIER), pull.work_orders.get(kind=Kind.WAREHOUSE)
    record_supplier_answer(work_order=supplier_order, complaint=complaint, answer="Binding fault", actor=vendor)
    for work_order, user, outcome in ((supplier_order, vendor, Outcome.UNITS_FIXED), (warehouse_order, warehouse, Outcome.NO_DEFECT)):
        start_work_order(work_order=work_order, actor=user)
        resolve_work_order(work_order=work_order, actor=user, outcome=outcome)
    confirm_work_order(work_order=supplier_order, actor=quality)
    late_complaint = ComplaintFactory(product=product)

    relisting, plus_one_is_queued = threading.Event(), threading.Event()
    real_relist = work_order_services.relist

    def relist_once_the_plus_one_is_queued(**kwargs):
        relisting.set()
        assert plus_one_is_queued.wait(timeout=10)
        return real_relist(**kwargs)

    monkeypatch.setattr(work_order_services, "relist", relist_once_the_plus_one_is_queued)
    errors: list[BaseException] = []

    def run(call):
        try:
            call()
        except BaseException as exc:  # collected and asserted below: no user may see an error
            errors.append(exc)
        finally:
            connection.close()

    confirmation = threading.Thread(target=run, args=(lambda: confirm_work_order(work_order=warehouse_order, actor=quality),))
    plus_one = threading.Thread(target=run, args=(lambda: pull_andon(agent=agent, complaint=late_complaint, reason="Same problem"),))
    confirmation.start()
    assert relisting.wait(timeout=10)
    plus_one.start()
    _wait_until_a_connection_waits_on_a_row_lock()
    plus_one_is_queued.set()
    confirmation.join()
    plus_one.join()

    assert errors == []
    first, second = AndonPull.objects.order_by("pk")
    assert (first.pk, first.state, first.relisted_at is not None) == (pull.pk, AndonPull.State.RESOLVED, True)
    assert second.state == AndonPull.State.OPEN
    assert list(second.supports.values_list("complaint_id", flat=True)) == [late_complaint.pk]
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW
