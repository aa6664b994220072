"""The judge is judged: each week a sample of every team's verdicts goes to a manager of another team."""

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from andon.jobs import sample_last_weeks_verdicts
from andon.models import VerdictSecondOpinion
from andon.pulls.models import BadPullCategory, Verdict
from andon.verdicts.selectors import disagreement_rate_by_team
from andon.verdicts.services import (
    NotYourVerdict,
    answer_second_opinion,
    give_verdict,
    sample_size,
    sample_verdicts_for_second_opinion,
)
from members.factories import UserFactory
from members.models import Team, TeamMembership

from .conftest import pull_by

pytestmark = pytest.mark.django_db

# ISO 2026 week 46: Monday 9 November to Sunday 15 November, in Asia/Shanghai.
WEEK = (2026, 46)
IN_THE_WEEK = datetime(2026, 11, 11, 10, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def three_teams(db):
    """Three teams, each a manager and an agent."""
    teams = []
    for code in ("red", "green", "blue"):
        manager = UserFactory(username=f"{code}_manager", roles=["manager"])
        team = Team.objects.create(name=code.title(), code=code, manager=manager)
        agent = UserFactory(username=f"{code}_agent", roles=["agent"])
        TeamMembership.objects.create(team=team, user=agent, started_on=date(2020, 1, 1))
        teams.append((team, manager, agent))
    return teams


def _judged(team, manager, agent, count: int) -> list:
    with time_machine.travel(IN_THE_WEEK, tick=False):
        return [give_verdict(pull=pull_by(agent), manager=manager, outcome=Verdict.RULE_FOLLOWED) for _ in range(count)]


@pytest.mark.parametrize(("count", "expected"), [(0, 0), (2, 2), (3, 3), (20, 3), (31, 4), (100, 10)])
def test_the_sample_is_a_tenth_at_least_three_or_all(settings, count, expected):
    settings.ANDON_VERDICT_AUDIT_SHARE, settings.ANDON_VERDICT_AUDIT_MIN = 0.10, 3

    assert sample_size(count) == expected


def test_the_audit_sample_goes_to_other_teams_managers(three_teams):
    for team, manager, agent in three_teams:
        _judged(team, manager, agent, 4)

    created = sample_verdicts_for_second_opinion(iso_year=WEEK[0], iso_week=WEEK[1])

    assert len(created) == 9
    for opinion in created:
        assert opinion.reviewer_id != opinion.verdict.pull.team.manager_id
        assert opinion.reviewer_id in {manager.pk for _team, manager, _agent in three_teams}
    loads = sorted(VerdictSecondOpinion.objects.filter(reviewer=m).count() for _t, m, _a in three_teams)
    assert loads == [3, 3, 3]


def test_sampling_twice_creates_nothing_new(three_teams):
    for team, manager, agent in three_teams:
        _judged(team, manager, agent, 4)
    sample_verdicts_for_second_opinion(iso_year=WEEK[0], iso_week=WEEK[1])

    again = sample_verdicts_for_second_opinion(iso_year=WEEK[0], iso_week=WEEK[1])

    assert again == []
    assert VerdictSecondOpinion.objects.count() == 9


def test_verdicts_of_another_week_are_not_sampled(three_teams):
    team, manager, agent = three_teams[0]
    _judged(team, manager, agent, 4)

    assert sample_verdicts_for_second_opinion(iso_year=2026, iso_week=47) == []


def test_the_weekly_job_samples_last_week(three_teams):
    for team, manager, agent in three_teams:
        _judged(team, manager, agent, 3)

    with time_machine.travel(datetime(2026, 11, 16, 10, 0, tzinfo=timezone.get_default_timezone()), tick=False):
        assert sample_last_weeks_verdicts() == 9


def test_only_the_named_reviewer_answers_and_disagreeing_needs_a_note(three_teams):
    for team, manager, agent in three_teams:
        _judged(team, manager, agent, 3)
    opinion = sample_verdicts_for_second_opinion(iso_year=WEEK[0], iso_week=WEEK[1])[0]
    other = next(m for _t, m, _a in three_teams if m.pk != opinion.reviewer_id)

    with pytest.raises(NotYourVerdict):
        answer_second_opinion(opinion=opinion, reviewer=other, agrees=True)
    with pytest.raises(Exception, match="Say why"):
        answer_second_opinion(opinion=opinion, reviewer=opinion.reviewer, agrees=False)

    answered = answer_second_opinion(opinion=opinion, reviewer=opinion.reviewer, agrees=False, note="Same customer twice")
    assert (answered.agrees, answered.answered_at is not None) == (False, True)


def test_the_disagreement_rate_per_team(three_teams):
    for team, manager, agent in three_teams:
        _judged(team, manager, agent, 3)
    sample_verdicts_for_second_opinion(iso_year=WEEK[0], iso_week=WEEK[1])
    red = three_teams[0][0]
    red_opinions = list(VerdictSecondOpinion.objects.filter(verdict__pull__team=red).order_by("pk"))
    answer_second_opinion(opinion=red_opinions[0], reviewer=red_opinions[0].reviewer, agrees=False, note="Abuse")
    answer_second_opinion(opinion=red_opinions[1], reviewer=red_opinions[1].reviewer, agrees=True)

    rows = {row.team_name: row for row in disagreement_rate_by_team(*WEEK)}

    assert (rows["Red"].sampled, rows["Red"].answered, rows["Red"].disagreed, str(rows["Red"].rate)) == (3, 2, 1, "50.00")
    assert (rows["Blue"].answered, rows["Blue"].rate) == (0, None)


def test_a_bad_pull_verdict_is_sampled_too(three_teams):
    team, manager, agent = three_teams[0]
    with time_machine.travel(IN_THE_WEEK, tick=False):
        give_verdict(pull=pull_by(agent), manager=manager, outcome=Verdict.BAD_PULL, category=BadPullCategory.DUPLICATE)

    [opinion] = sample_verdicts_for_second_opinion(iso_year=WEEK[0], iso_week=WEEK[1])

    assert opinion.verdict.outcome == Verdict.BAD_PULL
