"""A "+1" that arrives while the last confirmation is relisting the product: it must not be lost.

The confirmation holds the product and is relisting it; the "+1" queues behind the product. The
rules allow one result: the first pull resolves and the product comes back, then the "+1" finds
no open pull and opens a new one, taking the product off sale again with its complaint attached.
"""

import threading

import pytest

from andon.models import AndonPull
from andon.pulls.services import pull_andon
from andon.work_orders import services as work_order_services
from andon.work_orders.services import confirm_work_order
from flywheel.models import ListingState, Product
from members.factories import UserFactory
from tests.concurrency import in_thread, resolved_pull, wait_until_a_connection_waits_on_a_row_lock
from tickets.factories import ComplaintFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_plus_one_queued_behind_the_relisting_opens_a_new_pull(monkeypatch):
    agent, vendor, warehouse, quality = (UserFactory(roles=[r]) for r in ("agent", "vendor_manager", "warehouse", "quality"))
    pull, supplier_order, warehouse_order = resolved_pull(agent=agent, vendor_manager=vendor, warehouse=warehouse)
    product = pull.product
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
    confirmation = in_thread(lambda: confirm_work_order(work_order=warehouse_order, actor=quality), errors)
    plus_one = in_thread(lambda: pull_andon(agent=agent, complaint=late_complaint, reason="Same problem"), errors)
    confirmation.start()
    assert relisting.wait(timeout=10)
    plus_one.start()
    wait_until_a_connection_waits_on_a_row_lock()
    plus_one_is_queued.set()
    confirmation.join()
    plus_one.join()

    assert errors == []
    first, second = AndonPull.objects.order_by("pk")
    assert (first.pk, first.state, first.relisted_at is not None) == (pull.pk, AndonPull.State.RESOLVED, True)
    assert second.state == AndonPull.State.OPEN
    assert list(second.supports.values_list("complaint_id", flat=True)) == [late_complaint.pk]
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW
