"""The outbox's writes: writing a message with the change that causes it, relaying committed
messages to RQ, and recording how each run ended.

A service calls `send_after_commit(job, **kwargs)` inside its transaction: the row commits or rolls
back with the change. The relay (`manage.py relay_outbox`, or at commit when
OUTBOX_DELIVER_AT_COMMIT is on, the zero-setup default) hands each due row to RQ as a
`flywheel.outbox.jobs.deliver` job. A row is locked with SKIP LOCKED and marked sent in the same
transaction as the enqueue, so two relays never send one row twice, and a broker that is down
rolls the mark back: the row waits, and the person who clicked never sees the queue.

The delivered job marks the row done when the job returns. A failed run comes back after a
backoff, until OUTBOX_MAX_ATTEMPTS make it a dead letter (shown in the admin); a row sent and
never done within OUTBOX_LEASE_SECONDS (its worker died, Redis lost it) is sent again. Jobs are
therefore run at least once and must be idempotent by their own key (notifications by their key,
refunds by the refund row).
"""

import logging
from contextlib import nullcontext
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutboxMessage

logger = logging.getLogger(__name__)

DELIVER_JOB = "flywheel.outbox.jobs.deliver"


def _job_path(job) -> str:
    return f"{job.__module__}.{job.__name__}"


def send_after_commit(job, /, *, queue: str = "default", **kwargs) -> OutboxMessage:
    """Write a message that runs the django-rq `job` with `kwargs` once this transaction commits.

    Must be called inside the transaction of the change that causes it; the arguments must be JSON.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("send_after_commit must be called inside the transaction that causes the message")
    message = OutboxMessage.objects.create(job=_job_path(job), queue=queue, kwargs=kwargs)
    if settings.OUTBOX_DELIVER_AT_COMMIT:
        transaction.on_commit(partial(_relay_at_commit, message_id=message.pk))
    return message


def _enqueue(message: OutboxMessage) -> None:
    import django_rq

    # "auto": the row's own transaction is the commit that matters; django-rq must not defer again.
    queue = django_rq.get_queue(message.queue, commit_mode="auto")
    queue.enqueue_call(
        func=DELIVER_JOB, kwargs={"message_id": message.pk}, description=message.job,
        job_id=f"outbox-{message.pk}-{message.attempts}", result_ttl=0, failure_ttl=24 * 3600,
    )


class QueueRefused(Exception):
    """RQ did not take the message (Redis down or unreachable): the message waits."""


def relay_message(*, message_id: int) -> bool:
    """Hand one due message to RQ; False when another relay holds it or it is not due (any more).

    Raises QueueRefused when RQ is down; the message then stays as it was.
    """
    try:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, status=OutboxMessage.Status.PENDING, available_at__lte=timezone.now())
                .first()
            )
            if message is None:
                return False
            message.status, message.sent_at = OutboxMessage.Status.SENT, timezone.now()
            message.save(update_fields=["status", "sent_at"])
            _enqueue(message)
    except Exception as exc:  # noqa: BLE001 - any refusal by the queue leaves the row waiting
        raise QueueRefused(f"{type(exc).__name__}: {exc}") from exc
    return True


def _relay_at_commit(*, message_id: int) -> None:
    try:
        relay_message(message_id=message_id)
    except QueueRefused as exc:  # the person who clicked never sees the queue; the relay sends it later
        logger.warning("Outbox message %s waits for the relay: %s", message_id, exc)


def _reclaim_lost(now) -> int:
    """Rows sent but never done within the lease: their worker died or the queue lost them."""
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    reclaimed = 0
    with transaction.atomic():
        lost = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            status=OutboxMessage.Status.SENT, sent_at__lt=now - lease
        )
        for message in lost:
            # Counts as an attempt (a job that kills its worker must end as a dead letter), but is due now.
            _record_failure(message, "Not done within the lease: sent again.", now=now, wait=False)
            reclaimed += 1
    return reclaimed


def relay_outbox(*, limit: int = 100) -> int:
    """Hand due messages to RQ, oldest first; stops at the first refusal (the broker is down).

    Returns how many were handed over.
    """
    now = timezone.now()
    _reclaim_lost(now)
    due = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, available_at__lte=now).order_by("pk")
    relayed = 0
    for message_id in due.values_list("pk", flat=True)[:limit]:
        try:
            relayed += relay_message(message_id=message_id)
        except QueueRefused as exc:
            logger.warning("The queue refused outbox message %s; the rest wait too: %s", message_id, exc)
            break
    return relayed


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(10 * 2 ** max(attempts - 1, 0), 3600))


def _record_failure(message: OutboxMessage, error: str, *, now, wait: bool = True) -> None:
    message.attempts += 1
    message.last_error = error[:2000]
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        message.status = OutboxMessage.Status.DEAD
    else:
        message.status, message.available_at = OutboxMessage.Status.PENDING, now + (backoff(message.attempts) if wait else timedelta(0))
    message.save(update_fields=["attempts", "last_error", "status", "available_at"])


def run_message(*, message_id: int):
    """Run the message's job (called by the delivered RQ job); a message done or dead is not run again."""
    with transaction.atomic():
        # Waits for the relay's transaction: the job may start before the relay has committed.
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
    if message is None or message.status in (OutboxMessage.Status.DONE, OutboxMessage.Status.DEAD):
        return None
    # Inline, the job runs inside the relay's transaction: a savepoint keeps a failed job's writes out.
    savepoint = transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext()
    try:
        with savepoint:
            result = import_string(message.job)(**message.kwargs)
    except Exception as exc:
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update().get(pk=message_id)
            if message.status != OutboxMessage.Status.DONE:
                _record_failure(message, f"{type(exc).__name__}: {exc}", now=timezone.now())
        raise
    OutboxMessage.objects.filter(pk=message_id).exclude(status=OutboxMessage.Status.DONE).update(
        status=OutboxMessage.Status.DONE, done_at=timezone.now(), last_error=""
    )
    return result


def retry_dead(*, messages) -> int:
    """Give dead letters another round of attempts (an admin action)."""
    return OutboxMessage.objects.filter(pk__in=[m.pk for m in messages], status=OutboxMessage.Status.DEAD).update(
        status=OutboxMessage.Status.PENDING, attempts=0, available_at=timezone.now()
    )


def backlog() -> dict:
    """How many messages wait (pending or sent, not done) and the age in seconds of the oldest."""
    waiting = OutboxMessage.objects.filter(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENT])
    summary = waiting.aggregate(oldest=Min("created_at"))
    oldest = summary["oldest"]
    return {
        "waiting": waiting.count(),
        "oldest_age_seconds": round((timezone.now() - oldest).total_seconds()) if oldest else 0,
        "dead": OutboxMessage.objects.filter(status=OutboxMessage.Status.DEAD).count(),
    }
