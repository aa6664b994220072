"""Nothing lost when the queue is down, nothing sent twice when it is back, on PostgreSQL and a real,
private redis-server: the person who clicked never sees the queue, and every message is delivered once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django_rq import get_queue
from django_rq.queues import DjangoRQ
from rq import SimpleWorker

from andon.models import WorkOrder
from flywheel.factories import LotFactory, ProductFactory, SupplierFactory
from flywheel.models import OutboxMessage
from flywheel.outbox.services import relay_outbox, send_after_commit
from members.cart.services import add_to_cart
from members.factories import OrderFactory, UserFactory
from andon.reviews.models import RootCauseReview
from members.models import Notification, Order, Refund
from tests.concurrency import run_together
from tickets.factories import ComplaintFactory

from .jobs_for_tests import notify_then_wait

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
Status = OutboxMessage.Status
HTMX = {"HTTP_HX_REQUEST": "true"}
SHIPPING = {"shipping_name": "Mei Lin", "shipping_address": "88 Century Avenue, Shanghai", "shipping_phone": "13800000000"}


def _work_every_queue() -> None:
    """Run what RQ holds, in this process (a burst worker: it stops when the queues are empty)."""
    queues = [get_queue(name) for name in ("default", "notifications")]
    SimpleWorker(queues, connection=queues[0].connection).work(burst=True)


def _rq_holds() -> int:
    return sum(get_queue(name).count for name in ("default", "notifications"))


@pytest.fixture
def people(db):
    return {role: UserFactory(username=role, roles=[role]) for role in ("agent", "vendor_manager", "warehouse", "manager")}


def test_with_redis_down_every_click_answers_and_each_message_is_delivered_once_when_it_returns(client, people, private_redis):
    product = ProductFactory(stock=0, supplier=SupplierFactory(vendor_manager=people["vendor_manager"]))
    LotFactory(product=product, quantity_received=10)
    OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])
    complaint = ComplaintFactory(product=product)
    customer = UserFactory(username="mei")
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)
    refunded = ComplaintFactory(product=ProductFactory())

    client.force_login(people["agent"])
    pulled = client.post(reverse("andon:complaint-pull", args=[complaint.pk]), {"reason": "Pages uncut"}, **HTMX)
    client.force_login(customer)
    checked_out = client.post(reverse("members:checkout"), {**SHIPPING, "card_number": "4242 4242 4242 4242"}, follow=True)
    warehouse = WorkOrder.objects.get(kind=WorkOrder.Kind.WAREHOUSE)
    client.force_login(people["manager"])
    cancelled = client.post(reverse("work:transition", args=[warehouse.pk, "cancel"]), {"reason": "Wrong product"}, follow=True)
    review = RootCauseReview.objects.get()
    client.force_login(review.owner)
    reviewed = client.post(reverse("work:review-why", args=[review.pk]), {"question": "Why?", "answer": "Blade worn"}, follow=True)
    client.force_login(people["agent"])
    compensated = client.post(
        reverse("tickets:complaint-compensate", args=[refunded.pk]), {"kind": "refund", "amount": "5.00"}, follow=True
    )

    assert [r.status_code for r in (pulled, checked_out, cancelled, reviewed, compensated)] == [200] * 5
    assert Refund.objects.get().paid_at is None
    assert Order.objects.filter(customer=customer).exists()
    assert WorkOrder.objects.get(pk=warehouse.pk).state == WorkOrder.State.CANCELLED
    waiting = list(OutboxMessage.objects.values_list("job", "status"))
    assert {job.rsplit(".", 1)[-1] for job, _status in waiting} >= {
        "notify_pull_opened", "notify_work_order_opened", "tell_customers_about_hold", "tell_customers_about_release",
        "pay_refund",
    }
    assert {status for _job, status in waiting} == {Status.PENDING}
    assert (Notification.objects.count(), len(mail.outbox)) == (0, 0)

    private_redis.start()
    assert _rq_holds() == 0  # nothing reached the queue while it was down
    relay_outbox()
    relay_outbox()
    _work_every_queue()
    delivered = (Notification.objects.count(), len(mail.outbox))
    assert OutboxMessage.objects.filter(job__endswith="pay_refund").count() == 1
    relay_outbox()
    _work_every_queue()

    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.DONE}
    assert Refund.objects.get().paid_at is not None
    assert delivered[0] >= len(waiting) and delivered == (Notification.objects.count(), len(mail.outbox))
    assert len({message.extra_headers["Message-ID"] for message in mail.outbox}) == len(mail.outbox)


def test_a_job_whose_worker_is_killed_runs_again_and_its_effect_happens_once(settings, private_redis, tmp_path):
    settings.OUTBOX_DELIVER_AT_COMMIT = False
    private_redis.start()
    customer = UserFactory(username="mei")
    gate = tmp_path / "gate"
    with transaction.atomic():
        message = send_after_commit(notify_then_wait, queue="notifications", user_id=customer.pk, key="held:1", gate=str(gate))
    relay_outbox()
    database = connection.settings_dict
    worker = subprocess.Popen(
        # A SimpleWorker runs the job in its own process (no forked work horse in a session of its
        # own that SIGKILL would miss): killing it is killing the job mid-run.
        [sys.executable, "manage.py", "rqworker", "notifications", "--burst", "--worker-class", "rq.SimpleWorker"],
        cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={
            **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "REDIS_URL": private_redis.url,
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}",
        },
    )
    try:
        deadline = time.monotonic() + 30
        while not Notification.objects.filter(key="held:1").exists():  # the job did its effect and now waits
            assert time.monotonic() < deadline and worker.poll() is None, "the worker never ran the job"
            time.sleep(0.05)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    assert OutboxMessage.objects.get(pk=message.pk).status == Status.SENT  # never done

    gate.touch()
    settings.OUTBOX_LEASE_SECONDS = 0
    relay_outbox()  # the lease is over: sent again
    _work_every_queue()

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.DONE, 1)
    assert Notification.objects.filter(recipient=customer, key="held:1").count() == 1


def test_two_relays_at_once_send_no_message_twice(settings, monkeypatch):
    settings.OUTBOX_DELIVER_AT_COMMIT = False
    user = UserFactory()
    with transaction.atomic():
        messages = [send_after_commit(notify_then_wait, user_id=user.pk, key=f"k{n}", gate="") for n in range(40)]
    sent: list[int] = []

    def record(queue, *args, **kwargs):
        sent.append(kwargs["kwargs"]["message_id"])
        time.sleep(0.002)  # widens the window in which the other relay reaches the same row

    monkeypatch.setattr(DjangoRQ, "enqueue_call", record)

    errors = run_together(relay_outbox, relay_outbox)

    assert errors == []
    assert sorted(sent) == [message.pk for message in messages]
