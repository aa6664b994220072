"""Background jobs of the verdicts: take ids, tell people, nothing else."""

from django_rq import job

from .notifications import announce_verdict, ask_second_opinion


@job("notifications")
def notify_verdict(*, verdict_id: int) -> int:
    """Tell the puller the verdict on their pull; safe to retry."""
    return announce_verdict(verdict_id=verdict_id)


@job("notifications")
def notify_second_opinion_requested(*, opinion_id: int) -> int:
    """Ask the second reviewer for their opinion; safe to retry."""
    return ask_second_opinion(opinion_id=opinion_id)
