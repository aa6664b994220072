"""The one job the outbox relay enqueues: run one message's job by its row id."""

from django_rq import job

from .services import run_message


@job("default")
def deliver(*, message_id: int):
    """Run the outbox message's job and mark it done; a message already done is not run again."""
    return run_message(message_id=message_id)
