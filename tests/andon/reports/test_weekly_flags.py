"""Suppression flags for the executives, abuse flags for the manager: they inform, never block."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from andon.models import AndonPull
from andon.reports import selectors as reports
from andon.reports.selectors import Week
from flywheel.factories import ProductFactory, SupplierFactory
from members.factories import UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory

from .weekly_helpers import make_complaints, make_pulls, make_team, shanghai

pytestmark = pytest.mark.django_db

BREACH_WEEK = Week(2026, 40)
MONDAY_NOON = shanghai(2026, 9, 28, 12, 0)  # Monday of BREACH_WEEK


def _weekly_history(team, agent, per_100_by_offset: dict[int, int], complaints_per_week: int = 100):
    """Per week offset from the breach week: that many pulls per 100 complaints (the breach week itself: a breach)."""
    for offset, per_100 in per_100_by_offset.items():
        at = MONDAY_NOON + timedelta(weeks=offset)
        make_complaints(complaints_per_week, at=at, agent=agent)
        pulls = per_100 * complaints_per_week // 100
        make_pulls(team, pulls, at=at, agent=agent, bad=pulls // 2 if offset == 0 else 0)


@pytest.fixture
def agent():
    return UserFactory(username="north-agent", roles=["agent"])


@pytest.fixture
def team(agent):
    return make_team("north", agents=[agent])


def _report_after(weeks_after: int):
    return reports.weekly_report(BREACH_WEEK.shifted(weeks_after), executive=True)


def test_suppression_fires_when_pulls_per_complaint_fall_from_10_to_2_after_a_breach(team, agent):
    _weekly_history(team, agent, {-4: 10, -3: 10, -2: 10, -1: 10, 0: 10, 1: 2, 2: 2, 3: 2, 4: 2})

    flag = _report_after(4).lines[0].suppression

    assert (flag.breach_week, flag.before_per_100, flag.after_per_100) == (BREACH_WEEK, Decimal("10.00"), Decimal("2.00"))


def test_suppression_stays_quiet_on_week_to_week_noise_of_20_percent(team, agent):
    _weekly_history(team, agent, {-4: 10, -3: 12, -2: 8, -1: 12, 0: 10, 1: 8, 2: 8, 3: 12, 4: 8})

    assert _report_after(4).lines[0].suppression is None


def test_suppression_needs_a_breach(team, agent):
    _weekly_history(team, agent, {-4: 10, -3: 10, -2: 10, -1: 10, 1: 2, 2: 2, 3: 2, 4: 2})

    assert _report_after(4).lines[0].suppression is None


def test_the_executive_report_shows_the_suppression_flag_with_its_figures(client, team, agent):
    _weekly_history(team, agent, {-4: 10, -3: 10, -2: 10, -1: 10, 0: 10, 1: 2, 2: 2, 3: 2, 4: 2})
    client.force_login(UserFactory(username="exec", roles=["executive"], is_staff=True))

    page = client.get(reverse("admin:andon_weekly_report"), {"week": str(BREACH_WEEK.shifted(4))}).content.decode()

    assert 'data-testid="suppression-flag"' in page and "10.00" in page and "2.00" in page


# --- Abuse flags -----------------------------------------------------------------------------------

WEEK = Week(2026, 46)
MIDWEEK = shanghai(2026, 11, 11, 10, 0)


@pytest.fixture
def colleagues(team):
    people = [UserFactory(username=f"colleague{n}", roles=["agent"]) for n in range(3)]
    for person in people:
        team.memberships.create(user=person, started_on=MIDWEEK.date() - timedelta(days=60))
    return people


def _kinds(team) -> dict:
    return {(flag.kind, flag.agent.username) for flag in reports.team_coaching(team, week=WEEK).flags}


def test_an_agent_pulling_mostly_without_the_rule_met_is_flagged(team, agent, colleagues):
    for colleague in colleagues:
        make_pulls(team, 8, at=MIDWEEK, agent=colleague, rule_met=True)
        make_pulls(team, 1, at=MIDWEEK, agent=colleague, rule_met=False)
    make_pulls(team, 6, at=MIDWEEK, agent=agent, rule_met=False)
    make_pulls(team, 2, at=MIDWEEK, agent=agent, rule_met=True)

    assert _kinds(team) == {("rule_not_met", "north-agent")}


def test_an_agent_pulling_mostly_on_one_supplier_is_flagged(team, agent, colleagues):
    suppliers = [SupplierFactory(name=f"Supplier {n}") for n in range(4)]
    for index, colleague in enumerate(colleagues):
        for supplier in suppliers:
            make_pulls(team, 2, at=MIDWEEK, agent=colleague, product=ProductFactory(supplier=supplier))
    make_pulls(team, 7, at=MIDWEEK, agent=agent, product=ProductFactory(supplier=suppliers[0]))
    make_pulls(team, 1, at=MIDWEEK, agent=agent, product=ProductFactory(supplier=suppliers[1]))

    assert _kinds(team) == {("one_supplier", "north-agent")}


def test_an_agent_pulling_repeatedly_on_the_same_customers_complaints_is_flagged(team, agent, colleagues):
    customer = UserFactory(username="frequent-complainer")
    pulls = make_pulls(team, 3, at=MIDWEEK, agent=agent)
    for pull, complaint in zip(pulls, make_complaints(3, at=MIDWEEK, agent=agent, customer=customer)):
        pull.supports.update(complaint=complaint)
    for colleague in colleagues:
        make_pulls(team, 3, at=MIDWEEK, agent=colleague)

    assert _kinds(team) == {("same_customers", "north-agent")}


def test_a_team_without_outliers_has_no_flags(team, agent, colleagues):
    for person in [agent, *colleagues]:
        make_pulls(team, 8, at=MIDWEEK, agent=person, rule_met=True)
        make_pulls(team, 2, at=MIDWEEK, agent=person, rule_met=False)

    assert _kinds(team) == set()


def test_a_flagged_agent_still_pulls_in_the_same_two_clicks(client, team, agent, colleagues):
    make_pulls(team, 8, at=MIDWEEK, agent=agent, rule_met=False)
    make_pulls(team, 8, at=MIDWEEK, agent=colleagues[0], rule_met=True)
    assert ("rule_not_met", "north-agent") in _kinds(team)
    product = ProductFactory(title="The Silent River", stock=5)
    complaint = ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="print-defect"), taken_by=agent)
    client.force_login(agent)

    page = client.get(reverse("tickets:complaint", args=[complaint.pk]))  # click one: the cord is there
    response = client.post(reverse("andon:complaint-pull", args=[complaint.pk]), {"reason": "Pages uncut"}, HTTP_HX_REQUEST="true")

    assert page.status_code == 200 and 'data-testid="andon-button"' in page.content.decode()
    assert response.status_code == 200
    assert AndonPull.objects.filter(product=product, pulled_by=agent, state=AndonPull.State.OPEN).exists()
