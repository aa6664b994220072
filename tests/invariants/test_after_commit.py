"""Side effects after commit: a write whose transaction rolls back sends no e-mail, notification or job.

Jobs leave through the outbox (flywheel/outbox): a row written in the transaction, relayed at
commit in tests. Every enqueue is recorded and run the moment it reaches RQ, so a job that reached
the queue before the commit would show here; the rollback must also leave no outbox row behind.
"""

import pytest
from django.core import mail
from django.db import transaction
from django_rq.queues import DjangoRQ

from andon.models import WorkOrder
from flywheel.models import OutboxMessage
from andon.pulls.services import pull_andon, warn_owners
from andon.work_orders.services import cancel_work_order, confirm_work_order, record_supplier_answer, resolve_work_order, start_work_order
from flywheel.factories import LotFactory, ProductFactory, SupplierFactory
from members.factories import OrderFactory, UserFactory
from members.models import Notification, Order, Refund
from members.orders.services import refund_order
from tickets.factories import ComplaintFactory

Kind, Outcome = WorkOrder.Kind, WorkOrder.Outcome


class Rollback(Exception):
    pass


@pytest.fixture
def enqueued(monkeypatch):
    """The names of the jobs enqueued, each run at once (no waiting for a commit by django-rq)."""
    names: list[str] = []

    def enqueue_now(queue, *args, **kwargs):
        # The relay enqueues one delivering job per outbox row; its description names the row's job.
        func = kwargs.get("func", args[0] if args else None)
        names.append((kwargs.get("description") or getattr(func, "__name__", "?")).rsplit(".", 1)[-1])
        return queue.original_enqueue_call(*args, **kwargs)

    monkeypatch.setattr(DjangoRQ, "enqueue_call", enqueue_now)
    return names


@pytest.fixture
def people(db):
    return {role: UserFactory(username=role, roles=[role]) for role in ("agent", "vendor_manager", "warehouse", "quality", "manager")}


@pytest.fixture
def product(people):
    product = ProductFactory(stock=0, supplier=SupplierFactory(vendor_manager=people["vendor_manager"]))
    LotFactory(product=product, quantity_received=10)
    OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])
    return product


def _pull(people, product):
    return pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Pages uncut").pull


def _resolved(people, pull):
    supplier, warehouse = pull.work_orders.get(kind=Kind.SUPPLIER), pull.work_orders.get(kind=Kind.WAREHOUSE)
    for support in pull.supports.all():
        record_supplier_answer(work_order=supplier, complaint=support.complaint, answer="Binding fault", actor=people["vendor_manager"])
    for work_order, user, outcome in ((supplier, people["vendor_manager"], Outcome.UNITS_FIXED), (warehouse, people["warehouse"], Outcome.NO_DEFECT)):
        start_work_order(work_order=work_order, actor=user)
        resolve_work_order(work_order=work_order, actor=user, outcome=outcome)
    return supplier, warehouse


def _sent_nothing(enqueued) -> bool:
    return (enqueued, mail.outbox, Notification.objects.count(), OutboxMessage.objects.count()) == ([], [], 0, 0)


def _in_rolled_back_transaction(django_capture_on_commit_callbacks, call):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Rollback), transaction.atomic():
            call()
            raise Rollback


def test_a_committed_pull_tells_the_owners(people, product, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pull = _pull(people, product)

    assert {"notify_pull_opened", "notify_work_order_opened", "tell_customers_about_hold"} <= set(enqueued)
    assert Notification.objects.filter(key=f"pull-opened:{pull.pk}").exists()
    assert mail.outbox


def test_a_pull_rolled_back_sends_nothing(people, product, enqueued, django_capture_on_commit_callbacks):
    _in_rolled_back_transaction(django_capture_on_commit_callbacks, lambda: _pull(people, product))

    assert _sent_nothing(enqueued)


def test_a_warning_rolled_back_sends_nothing(people, product, enqueued, django_capture_on_commit_callbacks):
    complaint = ComplaintFactory(product=product)

    _in_rolled_back_transaction(
        django_capture_on_commit_callbacks, lambda: warn_owners(agent=people["agent"], complaint=complaint, reason="Looks systemic")
    )

    assert _sent_nothing(enqueued)


def test_the_last_confirmation_rolled_back_tells_no_one_the_target_is_back(people, product, enqueued, django_capture_on_commit_callbacks):
    supplier, warehouse = _resolved(people, _pull(people, product))
    confirm_work_order(work_order=supplier, actor=people["quality"])
    enqueued.clear()
    mail.outbox.clear()
    Notification.objects.all().delete()
    OutboxMessage.objects.all().delete()

    _in_rolled_back_transaction(
        django_capture_on_commit_callbacks, lambda: confirm_work_order(work_order=warehouse, actor=people["quality"])
    )

    assert _sent_nothing(enqueued)


def test_a_warehouse_cancellation_rolled_back_tells_no_customer(people, product, enqueued, django_capture_on_commit_callbacks):
    warehouse = _pull(people, product).work_orders.get(kind=Kind.WAREHOUSE)
    enqueued.clear()
    OutboxMessage.objects.all().delete()

    _in_rolled_back_transaction(
        django_capture_on_commit_callbacks,
        lambda: cancel_work_order(work_order=warehouse, actor=people["manager"], reason="Wrong product"),
    )

    assert _sent_nothing(enqueued)
    assert Order.objects.filter(status=Order.Status.ON_HOLD).count() == 2  # the rollback kept the hold too


def test_a_refund_rolled_back_pays_nothing(db, enqueued, django_capture_on_commit_callbacks):
    order = OrderFactory(status=Order.Status.SHIPPED)  # shipped: no stock goes back

    _in_rolled_back_transaction(django_capture_on_commit_callbacks, lambda: refund_order(order=order))

    assert _sent_nothing(enqueued)
    assert not Refund.objects.exists()


def test_a_committed_refund_is_paid_once(db, enqueued, django_capture_on_commit_callbacks):
    order = OrderFactory(status=Order.Status.SHIPPED)  # shipped: no stock goes back

    with django_capture_on_commit_callbacks(execute=True):
        refund_order(order=order)

    assert enqueued == ["pay_refund"]
    assert Refund.objects.get(order=order).paid_at is not None
