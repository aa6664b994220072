"""The outbox's rules, on any database: a row per message in the causing transaction, delivered by
the relay once the queue takes it, retried with a backoff, dead after the last attempt."""

from datetime import timedelta

import pytest
import redis
import time_machine
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_rq.queues import DjangoRQ

from flywheel.models import OutboxMessage
from flywheel.outbox import services
from flywheel.outbox.services import relay_outbox, send_after_commit
from members.factories import UserFactory
from members.models import Notification

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def remember_user(*, user_id: int, key: str) -> int:
    """A job for these tests: one notification per key, like the real ones."""
    from django.contrib.auth import get_user_model

    from members.notifications.services import notify

    return notify(recipients=[get_user_model().objects.get(pk=user_id)], key=key, subject="Hello")


def failing_job(**kwargs):
    raise RuntimeError("the gateway said no")


class Rollback(Exception):
    pass


@pytest.fixture
def queue_down(monkeypatch):
    def refuse(queue, *args, **kwargs):
        raise redis.exceptions.ConnectionError("Connection refused")

    monkeypatch.setattr(DjangoRQ, "enqueue_call", refuse)


def test_a_message_is_written_in_the_transaction_that_causes_it(django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_after_commit(remember_user, user_id=user.pk, key="hello")

    message = OutboxMessage.objects.get()
    assert (message.job, message.status, message.kwargs) == (
        "tests.flywheel.outbox.test_services.remember_user", Status.DONE, {"user_id": user.pk, "key": "hello"}
    )
    assert Notification.objects.filter(recipient=user, key="hello").count() == 1


def test_a_transaction_that_rolls_back_leaves_no_message(django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Rollback), transaction.atomic():
            send_after_commit(remember_user, user_id=user.pk, key="hello")
            raise Rollback

    assert not OutboxMessage.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_message_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        send_after_commit(remember_user, user_id=1, key="hello")


def test_with_the_queue_down_the_message_waits_and_is_delivered_once_when_it_returns(
    monkeypatch, queue_down, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_after_commit(remember_user, user_id=user.pk, key="hello")
    assert OutboxMessage.objects.get().status == Status.PENDING
    monkeypatch.undo()

    relayed = relay_outbox(), relay_outbox()

    assert relayed == (1, 0)
    assert OutboxMessage.objects.get().status == Status.DONE
    assert Notification.objects.filter(recipient=user, key="hello").count() == 1


def test_a_failed_job_comes_back_after_a_backoff(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_after_commit(failing_job)

    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (Status.PENDING, 1)
    assert "the gateway said no" in message.last_error
    assert message.available_at > timezone.now()
    assert relay_outbox() == 0  # not due yet


@override_settings(OUTBOX_MAX_ATTEMPTS=3)
def test_a_job_that_keeps_failing_becomes_a_dead_letter(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_after_commit(failing_job)

    start = timezone.now()
    for hours in (2, 4):
        with time_machine.travel(start + timedelta(hours=hours)):
            relay_outbox()

    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (Status.DEAD, 3)


@override_settings(OUTBOX_DELIVER_AT_COMMIT=False, OUTBOX_LEASE_SECONDS=60)
def test_a_message_sent_but_never_done_is_sent_again_after_the_lease(monkeypatch):
    user = UserFactory()
    with transaction.atomic():
        send_after_commit(remember_user, user_id=user.pk, key="hello")
    lost: list = []
    monkeypatch.setattr(DjangoRQ, "enqueue_call", lambda queue, *args, **kwargs: lost.append(kwargs))
    relay_outbox()  # the queue took it, and then the worker died
    monkeypatch.undo()
    assert OutboxMessage.objects.get().status == Status.SENT

    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        relay_outbox()

    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (Status.DONE, 1)
    assert Notification.objects.filter(recipient=user, key="hello").count() == 1


def test_a_message_done_is_not_run_again():
    user = UserFactory()
    with transaction.atomic():
        message = send_after_commit(remember_user, user_id=user.pk, key="hello")
    services.run_message(message_id=message.pk)
    Notification.objects.all().delete()

    services.run_message(message_id=message.pk)

    assert not Notification.objects.exists()


def test_a_dead_letter_retried_from_the_admin_is_sent_again():
    message = OutboxMessage.objects.create(job="tests.flywheel.outbox.test_services.failing_job", status=Status.DEAD, attempts=8)

    assert services.retry_dead(messages=[message]) == 1

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PENDING, 0)


@override_settings(OUTBOX_DELIVER_AT_COMMIT=False)
def test_a_message_already_handed_to_the_queue_is_not_handed_again(monkeypatch):
    with transaction.atomic():
        message = send_after_commit(failing_job)
    sent: list = []
    monkeypatch.setattr(DjangoRQ, "enqueue_call", lambda queue, *args, **kwargs: sent.append(kwargs["kwargs"]))

    handed = services.relay_message(message_id=message.pk), services.relay_message(message_id=message.pk)

    assert handed == (True, False)
    assert sent == [{"message_id": message.pk}]


@override_settings(OUTBOX_DELIVER_AT_COMMIT=False)
# Transactional: the long-running process closes old connections between passes.
@pytest.mark.django_db(transaction=True)
def test_a_worker_relays_the_outbox_as_a_maintenance_task():
    from django_rq import get_queue

    from flywheel.outbox.worker import RelayingWorker

    user = UserFactory()
    with transaction.atomic():
        send_after_commit(remember_user, user_id=user.pk, key="hello")
    queue = get_queue("default")

    RelayingWorker([queue], connection=queue.connection).run_maintenance_tasks()

    assert OutboxMessage.objects.get().status == Status.DONE
    assert Notification.objects.filter(recipient=user, key="hello").count() == 1
