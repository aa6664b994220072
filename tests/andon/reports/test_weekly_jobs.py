"""The Monday job: last week's figures kept for history, the summary e-mailed once per reader and week."""

from datetime import timedelta

import pytest
from django.core import mail

from andon.jobs import snapshot_weekly_report
from andon.models import WeeklyTeamSnapshot
from andon.pulls.models import AndonPull, Verdict
from andon.reports.jobs import send_monday_summary
from andon.reports.selectors import Week
from members.accounts.models import Profile
from members.factories import UserFactory
from members.models import Notification

from .weekly_helpers import make_pulls, make_team, shanghai

pytestmark = pytest.mark.django_db

LAST_WEEK = Week(2026, 46)
MONDAY_AFTER = shanghai(2026, 11, 16, 0, 30)


@pytest.fixture
def readers():
    executive = UserFactory(username="exec", email="exec@example.com", roles=["executive"])
    Profile.objects.update_or_create(user=executive, defaults={"language": "zh-hans"})
    return {"manager": UserFactory(username="boss", email="boss@example.com", roles=["manager"]), "executive": executive}


@pytest.fixture
def team(readers):
    return make_team("north", manager=readers["manager"])


def _run_job(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(MONDAY_AFTER)
    with django_capture_on_commit_callbacks(execute=True):
        return snapshot_weekly_report()


def test_the_job_keeps_last_weeks_figures_per_team_and_in_total(team, time_machine, django_capture_on_commit_callbacks):
    make_pulls(team, 200, at=shanghai(2026, 11, 11, 10), bad=5)

    _run_job(time_machine, django_capture_on_commit_callbacks)

    snapshot = WeeklyTeamSnapshot.objects.get(team=team, iso_year=2026, iso_week=46)
    assert (snapshot.figures["bad_pull_rate"], snapshot.figures["breach"]) == ("2.50", True)
    assert WeeklyTeamSnapshot.objects.get(team=None, iso_year=2026, iso_week=46).figures["pulls"] == 200


def test_the_monday_summary_reaches_each_manager_and_executive_once_under_retry(team, readers, time_machine, django_capture_on_commit_callbacks):
    make_pulls(team, 10, at=shanghai(2026, 11, 11, 10), bad=1)

    _run_job(time_machine, django_capture_on_commit_callbacks)
    _run_job(time_machine, django_capture_on_commit_callbacks)  # the cron runs again within the week
    send_monday_summary(iso_year=2026, iso_week=46)  # the outbox delivers the job twice

    assert sorted(address for message in mail.outbox for address in message.to) == ["boss@example.com", "exec@example.com"]
    assert Notification.objects.filter(key="weekly-report:2026-W46").count() == 2


def test_each_reader_gets_the_summary_in_their_language(team, readers, time_machine, django_capture_on_commit_callbacks):
    make_pulls(team, 10, at=shanghai(2026, 11, 11, 10), bad=1)

    _run_job(time_machine, django_capture_on_commit_callbacks)

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["boss@example.com"].startswith("Weekly andon report 2026-W46")
    assert subjects["exec@example.com"] != subjects["boss@example.com"]


def test_the_report_is_right_without_the_job_and_the_snapshot_keeps_what_it_saw(team, time_machine, django_capture_on_commit_callbacks):
    pulls = make_pulls(team, 10, at=shanghai(2026, 11, 11, 10), judged=9)
    _run_job(time_machine, django_capture_on_commit_callbacks)

    AndonPull.objects.filter(pk=pulls[-1].pk).update(verdict=Verdict.BAD_PULL, verdict_at=MONDAY_AFTER + timedelta(days=1))

    from andon.reports.selectors import bad_pull_rate

    assert bad_pull_rate(week=LAST_WEEK, team=team).bad == 1
    assert WeeklyTeamSnapshot.objects.get(team=team, iso_week=46).figures["bad"] == 0
