"""Background jobs of the andon: take ids, call one service, nothing else."""

from django_rq import job

from .notifications import (
    announce_escalation,
    announce_pull,
    announce_target_back,
    announce_warning,
    announce_work_order,
)


@job("notifications")
def notify_pull_opened(*, pull_id: int) -> int:
    """Tell the target's owners that it was stopped; safe to retry."""
    return announce_pull(pull_id=pull_id)


@job("notifications")
def notify_warning_raised(*, warning_id: int) -> int:
    """Tell the target's owners about a warning; safe to retry."""
    return announce_warning(warning_id=warning_id)


@job("notifications")
def notify_work_order_opened(*, work_order_id: int) -> int:
    """Tell the owning department it has a new work order; safe to retry."""
    return announce_work_order(work_order_id=work_order_id)


@job("notifications")
def notify_target_back(*, pull_id: int) -> int:
    """Tell the puller the target is back on sale (or retired); safe to retry."""
    return announce_target_back(pull_id=pull_id)


@job("notifications")
def notify_escalation(*, work_order_id: int, level: int) -> int:
    """Tell the department lead (level 1) or the executives (level 2) about an overdue work order."""
    return announce_escalation(work_order_id=work_order_id, level=level)


@job("default")
def escalate_overdue() -> int:
    """Scheduled (see andon/cron.py): escalate overdue work orders."""
    from .services import escalate_overdue_work_orders

    return escalate_overdue_work_orders()
