"""The andon's scheduled jobs (see andon/cron.py): each takes no arguments and calls one service.

They live above the sub-domains: the services enqueue the sub-domains' notification jobs
(andon/pulls/jobs.py, andon/work_orders/jobs.py), so those import no service, and no
services -> jobs -> services circle forms. Not in cron.py itself: the scheduler reloads that module.
"""

from django_rq import job

from andon.reports.services import snapshot_last_week
from andon.work_orders.services import escalate_overdue_work_orders


@job("default")
def escalate_overdue() -> int:
    """Escalate overdue work orders (every quarter hour)."""
    return escalate_overdue_work_orders()


@job("default")
def snapshot_weekly_report() -> int:
    """Keep last week's figures and send the Monday summary (hourly; does its work once per week)."""
    return snapshot_last_week()
