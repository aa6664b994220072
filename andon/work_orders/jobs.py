"""Background jobs of the work orders: take ids, tell people, nothing else.

The scheduled escalation, which calls a service, is in andon/jobs.py: the services enqueue these
jobs, so these jobs import no service.
"""

from django_rq import job

from .notifications import (
    announce_confirm_escalation,
    announce_escalation,
    announce_sent_back,
    announce_work_order,
    tell_shipped_customers,
)


@job("notifications")
def notify_work_order_opened(*, work_order_id: int) -> int:
    """Tell the owning department it has a new work order; safe to retry."""
    return announce_work_order(work_order_id=work_order_id)


@job("notifications")
def notify_escalation(*, work_order_id: int, level: int) -> int:
    """Tell the department lead (level 1) or the executives (level 2) about an overdue work order."""
    return announce_escalation(work_order_id=work_order_id, level=level)


@job("notifications")
def notify_confirm_escalation(*, work_order_id: int, level: int, resolved_at: str) -> int:
    """Tell quality's lead (level 1) or the executives (level 2) that a confirmation is overdue."""
    return announce_confirm_escalation(work_order_id=work_order_id, level=level, resolved_at=resolved_at)


@job("notifications")
def notify_sent_back(*, work_order_id: int, sent_back_at: str) -> int:
    """Tell the department that quality sent its work order back, and why; safe to retry."""
    return announce_sent_back(work_order_id=work_order_id, sent_back_at=sent_back_at)


@job("notifications")
def notify_shipped_customers(*, follow_up_id: int) -> int:
    """Tell each customer of one shipped-order follow-up, in their language; safe to retry."""
    return tell_shipped_customers(follow_up_id=follow_up_id)
