"""The bad-pull rate and the weekly figures, exactly as issue 10 defines them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F

from andon.pulls.models import AndonPull, Verdict
from andon.reports import selectors as reports
from andon.reports.selectors import Week
from members.factories import UserFactory

from .weekly_helpers import make_complaints, make_pulls, make_team, shanghai

pytestmark = pytest.mark.django_db

WEEK = Week(2026, 46)  # Monday 9 November 2026 to Sunday 15 November, Asia/Shanghai
MIDWEEK = shanghai(2026, 11, 11, 10, 0)


@pytest.fixture
def team():
    return make_team("north")


def test_the_source_talks_week_is_a_breach(team):
    make_pulls(team, 200, at=MIDWEEK, bad=5)

    figures = reports.bad_pull_rate(week=WEEK, team=team)

    assert (figures.with_verdict, figures.bad, figures.bad_pull_rate, figures.breach) == (200, 5, Decimal("2.50"), True)


def test_exactly_on_the_target_is_no_breach(team):
    make_pulls(team, 100, at=MIDWEEK, bad=2)

    figures = reports.bad_pull_rate(week=WEEK, team=team)

    assert (figures.bad_pull_rate, figures.breach) == (Decimal("2.00"), False)


def test_pulls_without_a_verdict_are_backlog_not_in_the_rate(team):
    make_pulls(team, 60, at=MIDWEEK, bad=1, judged=50)

    figures = reports.bad_pull_rate(week=WEEK, team=team)

    assert (figures.pulls, figures.with_verdict, figures.verdict_backlog, figures.bad_pull_rate) == (60, 50, 10, Decimal("2.00"))


def test_sunday_235959_in_shanghai_is_the_weeks_last_second(team):
    make_pulls(team, 1, at=shanghai(2026, 11, 15, 23, 59, 59), bad=1)

    assert reports.bad_pull_rate(week=WEEK, team=team).bad == 1
    assert reports.bad_pull_rate(week=WEEK.shifted(1), team=team).pulls == 0


def test_monday_midnight_in_shanghai_starts_the_next_week(team):
    make_pulls(team, 1, at=shanghai(2026, 11, 16, 0, 0, 0), bad=1)

    assert reports.bad_pull_rate(week=WEEK, team=team).pulls == 0
    assert reports.bad_pull_rate(week=WEEK.shifted(1), team=team).bad == 1


def test_the_weekly_figures_group_by_the_shanghai_week_not_utc(team):
    # Monday 00:30 in Shanghai is Sunday 16:30 UTC: the database must group it in the new week.
    make_pulls(team, 1, at=shanghai(2026, 11, 16, 0, 30), bad=1)

    figures = reports.weekly_figures([WEEK, WEEK.shifted(1)])

    assert (figures[(team.pk, WEEK.shifted(1))].bad, (team.pk, WEEK) in figures) == (1, False)


def test_a_verdict_given_later_changes_that_weeks_figure(team):
    pulls = make_pulls(team, 10, at=MIDWEEK, judged=9)
    assert reports.bad_pull_rate(week=WEEK, team=team).bad_pull_rate == Decimal("0.00")

    AndonPull.objects.filter(pk=pulls[-1].pk).update(verdict=Verdict.BAD_PULL, verdict_at=MIDWEEK + timedelta(days=20))

    assert reports.bad_pull_rate(week=WEEK, team=team).bad_pull_rate == Decimal("10.00")


def test_the_rate_follows_the_manager_at_pull_time(team):
    old_manager = team.manager
    make_pulls(team, 10, at=MIDWEEK, bad=1)
    team.manager = UserFactory(username="new-manager", roles=["manager"])
    team.save()
    make_pulls(team, 10, at=MIDWEEK)

    assert reports.bad_pull_rate(week=WEEK, manager=old_manager).bad_pull_rate == Decimal("10.00")
    assert reports.bad_pull_rate(week=WEEK, manager=team.manager).bad_pull_rate == Decimal("0.00")


def test_complaints_count_for_the_team_of_the_agent_who_took_them(team):
    agent = UserFactory(roles=["agent"])
    make_team("south", agents=[agent])
    north_agent = UserFactory(roles=["agent"])
    team.memberships.create(user=north_agent, started_on=MIDWEEK.date() - timedelta(days=30))
    make_complaints(7, at=MIDWEEK, agent=north_agent)
    make_complaints(3, at=MIDWEEK, agent=agent)
    make_complaints(5, at=MIDWEEK)  # no agent: the total row only
    make_pulls(team, 2, at=MIDWEEK, agent=north_agent)

    figures = reports.weekly_figures([WEEK])

    assert figures[(team.pk, WEEK)].complaints == 7
    assert figures[(team.pk, WEEK)].pulls_per_100_complaints == Decimal("28.57")
    assert figures[(None, WEEK)].complaints == 15


def test_an_agent_who_moved_teams_counts_complaints_for_the_team_of_that_day(team):
    agent = UserFactory(roles=["agent"])
    south = make_team("south")
    team.memberships.create(user=agent, started_on=MIDWEEK.date() - timedelta(days=30), ended_on=MIDWEEK.date())
    south.memberships.create(user=agent, started_on=MIDWEEK.date())
    make_complaints(2, at=MIDWEEK - timedelta(days=1), agent=agent)
    make_complaints(4, at=MIDWEEK, agent=agent)

    figures = reports.weekly_figures([WEEK])

    assert (figures[(team.pk, WEEK)].complaints, figures[(south.pk, WEEK)].complaints) == (2, 4)


def test_an_agent_who_joined_or_left_inside_the_weeks_counts_complaints_only_for_the_days_in_the_team(team):
    joiner, leaver = UserFactory(roles=["agent"]), UserFactory(roles=["agent"])
    team.memberships.create(user=joiner, started_on=MIDWEEK.date())
    team.memberships.create(user=leaver, started_on=MIDWEEK.date() - timedelta(days=30), ended_on=MIDWEEK.date())
    previous = WEEK.shifted(-1)
    make_complaints(3, at=MIDWEEK - timedelta(days=1), agent=joiner)  # before joining: no team
    make_complaints(5, at=MIDWEEK, agent=joiner)
    make_complaints(7, at=MIDWEEK - timedelta(weeks=1), agent=leaver)
    make_complaints(11, at=MIDWEEK, agent=leaver)  # the day they left: no team

    figures = reports.weekly_figures([previous, WEEK])

    assert (figures[(team.pk, previous)].complaints, figures[(team.pk, WEEK)].complaints) == (7, 5)
    assert (figures[(None, previous)].complaints, figures[(None, WEEK)].complaints) == (7, 19)


def test_median_time_to_relist_excludes_bad_pulls_and_counts_the_week_of_relisting(team):
    make_pulls(team, 1, at=MIDWEEK - timedelta(days=7), relisted_after=timedelta(days=7, hours=2))  # relisted in WEEK
    make_pulls(team, 1, at=MIDWEEK, relisted_after=timedelta(hours=4))
    make_pulls(team, 1, at=MIDWEEK, relisted_after=timedelta(hours=10))
    make_pulls(team, 1, at=MIDWEEK, bad=1, relisted_after=timedelta(hours=1))  # bad: excluded

    figures = reports.weekly_figures([WEEK])

    assert figures[(team.pk, WEEK)].median_hours_to_relist == Decimal("10.0")
    assert figures[(None, WEEK)].median_hours_to_relist == Decimal("10.0")


def test_gmv_protected_counts_only_pulls_judged_rule_followed(team):
    make_pulls(team, 3, at=MIDWEEK, bad=1, gmv="1000.00")
    make_pulls(team, 2, at=MIDWEEK, judged=0, gmv="500.00")

    assert reports.weekly_figures([WEEK])[(team.pk, WEEK)].gmv_protected == Decimal("2000.00")


def test_pulls_by_someone_in_no_team_count_in_the_total_only(team):
    make_pulls(team, 4, at=MIDWEEK, bad=1)
    make_pulls(None, 6, at=MIDWEEK, bad=1)

    figures = reports.weekly_figures([WEEK])

    assert (figures[(team.pk, WEEK)].pulls, figures[(None, WEEK)].pulls, figures[(None, WEEK)].bad) == (4, 10, 2)


def test_the_verdict_backlog_reports_its_oldest_age(team):
    make_pulls(team, 1, at=MIDWEEK, judged=0)
    make_pulls(team, 1, at=MIDWEEK + timedelta(hours=5), judged=0)

    figures = reports.weekly_figures([WEEK], now=MIDWEEK + timedelta(hours=30))[(team.pk, WEEK)]

    assert (figures.verdict_backlog, figures.oldest_awaiting_hours) == (2, Decimal("30.0"))


def _many(weeks: int, teams: int, per_week: int) -> None:
    for index in range(teams):
        team = make_team(f"t{weeks}-{index}")
        for offset in range(weeks):
            make_pulls(team, per_week, at=MIDWEEK - timedelta(weeks=offset), bad=1, relisted_after=timedelta(hours=offset + 1))
            make_complaints(per_week * 3, at=MIDWEEK - timedelta(weeks=offset))


@pytest.mark.parametrize("weeks,teams,per_week", [(1, 1, 1), (6, 3, 5)])
def test_the_weekly_report_runs_a_fixed_number_of_queries(django_assert_num_queries, weeks, teams, per_week):
    _many(weeks, teams, per_week)

    with django_assert_num_queries(9):
        report = reports.weekly_report(WEEK, executive=True)

    assert len(report.lines) == teams
