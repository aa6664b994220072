"""Scheduled jobs, run by `python manage.py rqcron andon.cron` next to the RQ workers.

Nothing a user sees depends on these having run: overdue flags are computed from the data; the
escalation job only sends the emails and notifications, once per level.
"""

from rq import cron

from andon.jobs import escalate_overdue, snapshot_weekly_report

cron.register(escalate_overdue, "default", interval=15 * 60, name="escalate-overdue-work-orders")
# Hourly, so the week that ended at midnight in TIME_ZONE (whatever the server's clock zone) is
# kept within the hour; the job does nothing once the week is snapshotted.
cron.register(snapshot_weekly_report, "default", interval=60 * 60, name="snapshot-weekly-report")
