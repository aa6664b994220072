"""Helpers for the tests that race real threads against PostgreSQL's row locks and constraints."""

import threading
import time

from django.db import connection

from andon.models import WorkOrder
from andon.pulls.services import pull_andon
from andon.work_orders.services import record_supplier_answer, resolve_work_order, start_work_order
from flywheel.factories import LotFactory, ProductFactory, SupplierFactory
from tickets.factories import ComplaintFactory


def in_thread(call, errors: list[BaseException]) -> threading.Thread:
    """A thread that runs `call` on its own connection and adds any error to `errors`: no user may see one."""

    def run():
        try:
            call()
        except BaseException as exc:  # collected and asserted by the test
            errors.append(exc)
        finally:
            connection.close()

    return threading.Thread(target=run)


def run_together(*calls) -> list[BaseException]:
    """Run each call in its own thread and connection, released at the same instant; return the errors."""
    barrier, errors = threading.Barrier(len(calls)), []
    threads = [in_thread(lambda call=call: (barrier.wait(), call()), errors) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def wait_until_a_connection_waits_on_a_row_lock() -> None:
    """Return once some other connection of this database is queued behind a row lock.

    A condition, not a nap: the test goes on exactly when the interleaving it needs is in place.
    """
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Statistics are read once per transaction: a caller inside one (holding the lock the
            # other waits on) would otherwise see the same empty snapshot until the deadline.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
    raise AssertionError("no connection ever waited on the lock the test expected")


def resolved_pull(*, agent, vendor_manager, warehouse):
    """A product pull whose two work orders are both resolved, waiting for quality; its product has stock to come back to."""
    product = ProductFactory(stock=0, supplier=SupplierFactory(vendor_manager=vendor_manager))
    LotFactory(product=product, quantity_received=10)
    complaint = ComplaintFactory(product=product)
    pull = pull_andon(agent=agent, complaint=complaint, reason="Pages uncut").pull
    supplier_order = pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER)
    warehouse_order = pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE)
    record_supplier_answer(work_order=supplier_order, complaint=complaint, answer="Binding machine fault", actor=vendor_manager)
    for work_order, user, outcome in (
        (supplier_order, vendor_manager, WorkOrder.Outcome.UNITS_FIXED), (warehouse_order, warehouse, WorkOrder.Outcome.NO_DEFECT),
    ):
        start_work_order(work_order=work_order, actor=user)
        resolve_work_order(work_order=work_order, actor=user, outcome=outcome)
    return pull, supplier_order, warehouse_order
