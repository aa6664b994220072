"""The weekly report in the admin, as CSV and in the API: the same numbers, constant queries, by role."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from andon.reports.selectors import Week
from members.factories import UserFactory

from .weekly_helpers import make_complaints, make_pulls, make_team, shanghai

pytestmark = pytest.mark.django_db

WEEK = Week(2026, 46)
MIDWEEK = shanghai(2026, 11, 11, 10, 0)
REPORT = reverse("admin:andon_weekly_report")


def _staff(client, role: str, username: str | None = None):
    user = UserFactory(username=username or role, roles=[role], is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def team():
    return make_team("north")


def _history(weeks: int, teams: int, per_week: int) -> None:
    for index in range(teams):
        team = make_team(f"q{index}")
        for offset in range(weeks):
            at = MIDWEEK - timedelta(weeks=offset)
            make_pulls(team, per_week, at=at, bad=1, relisted_after=timedelta(hours=3))
            make_complaints(per_week * 2, at=at)


@pytest.mark.parametrize("weeks,teams,per_week", [(1, 1, 1), (8, 3, 6)])
def test_the_executives_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, weeks, teams, per_week):
    _history(weeks, teams, per_week)
    _staff(client, "executive")
    client.get(REPORT, {"week": str(WEEK)})  # the session and permission caches warm

    # The report's eleven, the admin's own (session, user, roles, permissions, app list, the managed
    # teams) and the front line's two (who is overdue for their day, the open take-back items).
    with django_assert_num_queries(18):
        response = client.get(REPORT, {"week": str(WEEK)})

    assert response.status_code == 200 and response.content.decode().count('data-testid="trend-chart"') == teams + 1


def test_the_page_shows_the_rate_with_its_counts_and_the_breach(client, team):
    make_pulls(team, 200, at=MIDWEEK, bad=5)
    _staff(client, "manager")

    page = client.get(REPORT, {"week": "2026-W46"}).content.decode()

    assert "2.50%" in page and "5 of 200" in page and "breach" in page


def test_every_figure_drills_down_to_its_pulls_in_the_admin(client, team):
    make_pulls(team, 4, at=MIDWEEK, bad=1)
    make_pulls(team, 3, at=MIDWEEK + timedelta(weeks=1), bad=1)
    make_pulls(make_team("south"), 2, at=MIDWEEK, bad=1)
    _staff(client, "manager")
    page = client.get(REPORT, {"week": "2026-W46"}).content.decode()
    row = page[page.index('data-testid="weekly-row-north"'):]
    bad_link = row[row.index('data-testid="drill-bad"') - 300:row.index('data-testid="drill-bad"')]
    href = bad_link[bad_link.rindex('href="') + 6:].split('"')[0].replace("&amp;", "&")

    changelist = client.get(href)

    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1


def test_a_bad_week_answers_with_a_message_not_an_error(client):
    _staff(client, "manager")

    response = client.get(REPORT, {"week": "2026-W99"})

    assert response.status_code == 200 and "not an ISO week" in response.content.decode()


@pytest.mark.parametrize("role", ["agent", "quality"])
def test_the_weekly_report_is_for_managers_and_executives(client, role):
    _staff(client, role)

    assert client.get(REPORT).status_code == 403


def test_the_csv_has_the_same_numbers_as_the_page(client, team):
    make_pulls(team, 200, at=MIDWEEK, bad=5, gmv="10.00")
    _staff(client, "manager")

    response = client.get(reverse("admin:andon_weekly_report_csv"), {"week": "2026-W46"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    north = next(row for row in rows if row["team_code"] == "north")
    assert (north["bad_pull_rate"], north["breach"], north["gmv_protected"], rows[-1]["pulls"]) == ("2.50", "True", "1950.00", "200")


def test_the_api_has_the_same_numbers(api_for, team):
    make_pulls(team, 100, at=MIDWEEK, bad=2)

    body = api_for(UserFactory(username="m", roles=["manager"])).get("/api/v1/reports/weekly/", {"week": "2026-W46"}).json()

    north = body["teams"][0]
    assert (north["figures"]["bad_pull_rate"], north["figures"]["breach"], len(north["trend"]), body["target_percent"]) == ("2.00", False, 12, "2.00")


def test_the_api_refuses_a_week_that_does_not_exist(api_for):
    response = api_for(UserFactory(username="m", roles=["manager"])).get("/api/v1/reports/weekly/", {"week": "2026-W60"})

    assert response.status_code == 400 and "week" in response.json()["errors"]


def test_the_executive_report_shows_no_agent_figures(client, team):
    agent = UserFactory(username="zhang-agent-name", roles=["agent"])
    make_pulls(team, 5, at=MIDWEEK, agent=agent, bad=1)
    _staff(client, "executive")

    page = client.get(REPORT, {"week": "2026-W46"}).content.decode()

    assert "zhang-agent-name" not in page and 'data-testid="coaching-link"' not in page


def test_the_manager_sees_coaching_figures_for_their_own_team(client, team):
    agent = UserFactory(username="li-agent", roles=["agent"])
    make_pulls(team, 5, at=MIDWEEK, agent=agent, bad=2)
    client.force_login(team.manager)
    team.manager.is_staff = True
    team.manager.save()

    page = client.get(reverse("admin:andon_team_coaching", args=[team.pk]), {"week": "2026-W46"}).content.decode()

    assert "li-agent" in page and "rule misunderstood: 2" in page


@pytest.mark.parametrize("role", ["manager", "executive"])
def test_coaching_figures_are_refused_to_anyone_but_the_teams_manager(client, team, role):
    _staff(client, role, username=f"other-{role}")

    assert client.get(reverse("admin:andon_team_coaching", args=[team.pk])).status_code == 403


def test_the_admin_front_page_links_the_weekly_report(client):
    _staff(client, "manager")

    assert 'data-testid="admin-weekly-report"' in client.get(reverse("admin:index")).content.decode()


def test_the_monday_report_names_the_managers_overdue_for_their_front_line_day(client, settings):
    from django.utils import timezone

    UserFactory(username="late_manager", roles=["manager"], date_joined=timezone.now() - timedelta(days=settings.FRONT_LINE_DAY_WITHIN_DAYS + 10))
    _staff(client, "executive")

    page = client.get(REPORT, {"week": str(WEEK)}).content.decode()

    assert 'data-testid="front-line-overdue"' in page and "late_manager" in page


def test_a_trend_point_from_fewer_verdicts_than_the_small_sample_is_flagged_small(client, team, settings):
    settings.REPORT_SMALL_SAMPLE = 5
    make_pulls(team, 2, at=MIDWEEK, bad=1)
    make_pulls(team, 6, at=MIDWEEK - timedelta(weeks=1), bad=1)
    _staff(client, "executive")

    response = client.get(REPORT, {"week": str(WEEK)})

    points = {point["week"]: point for point in response.context["total_trend"]}
    assert (points[str(WEEK)]["small"], points[str(WEEK.shifted(-1))]["small"]) == (True, False)
    assert "Small sample (fewer than 5)" in response.content.decode()
