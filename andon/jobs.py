"""The andon's scheduled jobs (see andon/cron.py): each takes no arguments and calls one service.

They live above the sub-domains: the services enqueue the sub-domains' notification jobs
(andon/pulls/jobs.py, andon/work_orders/jobs.py), so those import no service, and no
services -> jobs -> services circle forms. Not in cron.py itself: the scheduler reloads that module.
"""

from datetime import timedelta

from django.utils import timezone
from django_rq import job

from andon.frontline.services import close_past_front_line_days
from andon.reports.services import snapshot_last_week
from andon.verdicts.services import sample_verdicts_for_second_opinion
from andon.work_orders.services import escalate_overdue_work_orders


@job("default")
def escalate_overdue() -> int:
    """Escalate overdue work orders (every quarter hour)."""
    return escalate_overdue_work_orders()


@job("default")
def close_front_line_days() -> dict[str, int]:
    """Close yesterday's and older front-line days as worked or missed (hourly; idempotent)."""
    return close_past_front_line_days()


@job("default")
def sample_last_weeks_verdicts() -> int:
    """Send last ISO week's (in TIME_ZONE) verdict sample for second opinions (Mondays); safe to run again."""
    iso_year, iso_week, _day = (timezone.localdate() - timedelta(days=7)).isocalendar()
    return len(sample_verdicts_for_second_opinion(iso_year=iso_year, iso_week=iso_week))


@job("default")
def snapshot_weekly_report() -> int:
    """Keep last week's figures and send the Monday summary (hourly; does its work once per week)."""
    return snapshot_last_week()
