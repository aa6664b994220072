"""Scheduled jobs, run by `python manage.py rqcron andon.cron` next to the RQ workers.

Nothing a user sees depends on these having run: overdue flags are computed from the data; the
escalation job only sends the emails and notifications, once per level.
"""

from rq import cron

from andon.jobs import close_front_line_days, escalate_overdue, sample_last_weeks_verdicts, snapshot_weekly_report
from members.jobs import reconcile_stale_checkouts

cron.register(escalate_overdue, "default", interval=15 * 60, name="escalate-overdue-work-orders")
cron.register(reconcile_stale_checkouts, "default", interval=5 * 60, name="reconcile-stale-checkouts")
cron.register(close_front_line_days, "default", interval=60 * 60, name="close-front-line-days")
# Mondays 02:00 UTC (10:00 in Asia/Shanghai): last week's verdicts sampled for a second opinion.
cron.register(sample_last_weeks_verdicts, "default", cron="0 2 * * 1", name="sample-verdicts-for-second-opinion")
# Hourly, so the week that ended at midnight in TIME_ZONE (whatever the server's clock zone) is
# kept within the hour; the job does nothing once the week is snapshotted.
cron.register(snapshot_weekly_report, "default", interval=60 * 60, name="snapshot-weekly-report")
