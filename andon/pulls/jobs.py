"""Background jobs of the pulls: take ids, tell people, nothing else."""

from django_rq import job

from .notifications import announce_pull, announce_target_back, announce_warning


@job("notifications")
def notify_pull_opened(*, pull_id: int) -> int:
    """Tell the target's owners that it was stopped; safe to retry."""
    return announce_pull(pull_id=pull_id)


@job("notifications")
def notify_warning_raised(*, warning_id: int) -> int:
    """Tell the target's owners about a warning; safe to retry."""
    return announce_warning(warning_id=warning_id)


@job("notifications")
def notify_target_back(*, pull_id: int) -> int:
    """Tell the puller the target is back on sale (or retired); safe to retry."""
    return announce_target_back(pull_id=pull_id)
