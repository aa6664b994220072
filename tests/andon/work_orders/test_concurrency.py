"""Work orders finished at the same instant: the target comes back once, and nothing deadlocks."""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType

from andon.models import AndonPull, WorkOrder
from andon.pulls import services as pull_services
from andon.pulls.services import pull_andon
from andon.work_orders.services import confirm_work_order
from flywheel.models import AuditEvent, ListingState, Product
from members.factories import UserFactory
from members.models import Notification
from tests.concurrency import in_thread, resolved_pull, run_together, wait_until_a_connection_waits_on_a_row_lock
from tickets.factories import ComplaintFactory


def _audit_rows(model, pk, action) -> int:
    return AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=str(pk), action=action).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_quality_users_confirming_the_last_two_work_orders_at_once_relist_exactly_once():
    agent, vendor, warehouse = (UserFactory(roles=[role]) for role in ("agent", "vendor_manager", "warehouse"))
    first_quality, second_quality = UserFactory(roles=["quality"]), UserFactory(roles=["quality"])
    pull, supplier_order, warehouse_order = resolved_pull(agent=agent, vendor_manager=vendor, warehouse=warehouse)

    errors = run_together(
        lambda: confirm_work_order(work_order=supplier_order, actor=first_quality),
        lambda: confirm_work_order(work_order=warehouse_order, actor=second_quality),
    )

    assert errors == []
    pull.refresh_from_db()
    assert (pull.state, pull.relisted_at is not None) == (AndonPull.State.RESOLVED, True)
    assert set(pull.work_orders.values_list("state", flat=True)) == {WorkOrder.State.CLOSED}
    assert Product.objects.get(pk=pull.product_id).listing_state == ListingState.LISTED
    assert _audit_rows(Product, pull.product_id, "relist") == 1
    assert _audit_rows(AndonPull, pull.pk, "resolve") == 1
    assert Notification.objects.filter(recipient=agent, key=f"target-back:{pull.pk}").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_plus_one_holding_the_product_while_quality_confirms_the_last_work_order_joins_then_the_product_comes_back(monkeypatch):
    """The "+1" holds the product and is about to add its support to the pull; quality confirms the
    last work order meanwhile and queues behind the product (locks are taken target first, then
    pull, by both). The rules allow one result: the "+1" joins the still-open pull, then the
    confirmation resolves it and relists the product, once. Locking the pull first deadlocks here."""
    agent, vendor, warehouse, quality = (
        UserFactory(roles=[role]) for role in ("agent", "vendor_manager", "warehouse", "quality")
    )
    pull, supplier_order, warehouse_order = resolved_pull(agent=agent, vendor_manager=vendor, warehouse=warehouse)
    confirm_work_order(work_order=supplier_order, actor=quality)
    late_complaint = ComplaintFactory(product=pull.product)
    plus_one_holds_product, confirmation_is_queued = threading.Event(), threading.Event()
    real_join = pull_services._join

    def join_once_the_confirmation_is_queued(**kwargs):
        plus_one_holds_product.set()
        assert confirmation_is_queued.wait(timeout=10)
        return real_join(**kwargs)

    monkeypatch.setattr(pull_services, "_join", join_once_the_confirmation_is_queued)
    errors: list[BaseException] = []
    plus_one = in_thread(lambda: pull_andon(agent=agent, complaint=late_complaint, reason="Same problem"), errors)
    confirmation = in_thread(lambda: confirm_work_order(work_order=warehouse_order, actor=quality), errors)
    plus_one.start()
    assert plus_one_holds_product.wait(timeout=10)
    confirmation.start()
    wait_until_a_connection_waits_on_a_row_lock()
    confirmation_is_queued.set()
    plus_one.join()
    confirmation.join()

    assert errors == []
    pull.refresh_from_db()
    assert pull.state == AndonPull.State.RESOLVED
    assert AndonPull.objects.count() == 1
    assert pull.supports.filter(complaint=late_complaint).exists()
    assert Product.objects.get(pk=pull.product_id).listing_state == ListingState.LISTED
    assert _audit_rows(Product, pull.product_id, "relist") == 1
