"""Background jobs of the work orders: take ids, tell people, nothing else.

The scheduled escalation, which calls a service, is in andon/jobs.py: the services enqueue these
jobs, so these jobs import no service.
"""

from django_rq import job

from .notifications import announce_escalation, announce_work_order


@job("notifications")
def notify_work_order_opened(*, work_order_id: int) -> int:
    """Tell the owning department it has a new work order; safe to retry."""
    return announce_work_order(work_order_id=work_order_id)


@job("notifications")
def notify_escalation(*, work_order_id: int, level: int) -> int:
    """Tell the department lead (level 1) or the executives (level 2) about an overdue work order."""
    return announce_escalation(work_order_id=work_order_id, level=level)
