"""The reports' one write: keep the week's figures for history and send the Monday summary."""

from django.db import transaction
from django.utils import timezone

from flywheel.outbox.services import send_after_commit
from flywheel.services import record_audit

from . import jobs
from .models import WeeklyTeamSnapshot
from .selectors import Week, figures_record, weekly_figures


@transaction.atomic
def snapshot_week(*, week: Week, actor=None) -> list[WeeklyTeamSnapshot]:
    """Store `week`'s figures per team and in total (again, if run again: the rows are replaced in
    place), and send the Monday summary to managers and executives once per recipient and week."""
    now = timezone.now()
    snapshots = []
    for (team_id, _week), figures in sorted(weekly_figures([week], now=now).items(), key=lambda item: item[0][0] or 0):
        snapshot, _created = WeeklyTeamSnapshot.objects.update_or_create(
            team_id=team_id, iso_year=week.iso_year, iso_week=week.iso_week,
            defaults={"figures": figures_record(figures), "computed_at": now},
        )
        snapshots.append(snapshot)
    total = next(snapshot for snapshot in snapshots if snapshot.team_id is None)
    record_audit(obj=total, action="snapshot_week", actor=actor, note=str(week))
    send_after_commit(jobs.send_monday_summary, queue="notifications", iso_year=week.iso_year, iso_week=week.iso_week)
    return snapshots


def snapshot_last_week(*, now=None) -> int:
    """The Monday job: snapshot the ISO week that has just ended, unless it has been already
    (its outbox message was written in the same transaction, so the e-mail went or is waiting).
    Returns how many rows were written (0 when done before)."""
    week = Week.of(now or timezone.now()).shifted(-1)
    if WeeklyTeamSnapshot.objects.filter(team__isnull=True, iso_year=week.iso_year, iso_week=week.iso_week).exists():
        return 0
    return len(snapshot_week(week=week))
