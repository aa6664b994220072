"""Teams: a move ends one membership and starts the next the same day; pulls keep the team they were made in."""

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from andon.pulls.services import pull_andon
from flywheel.errors import DomainError
from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent
from members.factories import UserFactory
from members.models import TeamMembership
from members.teams.selectors import membership_at
from members.teams.services import add_member, create_team, end_membership, move_member, rename_team
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

ZONE = timezone.get_default_timezone()


@pytest.fixture
def setup(db):
    lead = UserFactory(username="lead", roles=["manager"])
    north = create_team(name="North", name_zh="北组", code="north", manager=UserFactory(roles=["manager"]), actor=lead)
    south = create_team(name="South", name_zh="南组", code="south", manager=UserFactory(roles=["manager"]), actor=lead)
    agent = UserFactory(username="li", roles=["agent"])
    add_member(team=north, user=agent, started_on=date(2026, 1, 1), actor=lead)
    return lead, north, south, agent


def test_membership_at_follows_a_move_to_the_day(setup):
    lead, north, south, agent = setup

    move_member(user=agent, to_team=south, on=date(2026, 3, 2), actor=lead)

    assert membership_at(agent, datetime(2026, 3, 1, 23, 59, 59, tzinfo=ZONE)).team == north
    assert membership_at(agent, datetime(2026, 3, 2, 0, 0, tzinfo=ZONE)).team == south
    assert list(TeamMembership.objects.filter(user=agent).order_by("started_on").values_list("ended_on", flat=True)) == [date(2026, 3, 2), None]


def test_a_later_move_does_not_change_an_earlier_pulls_team(setup):
    lead, north, south, agent = setup
    with time_machine.travel(datetime(2026, 2, 10, 10, 0, tzinfo=ZONE), tick=False):
        pull = pull_andon(agent=agent, complaint=ComplaintFactory(product=ProductFactory()), reason="Torn cover").pull

    move_member(user=agent, to_team=south, on=date(2026, 3, 2), actor=lead)

    pull.refresh_from_db()
    assert (pull.team, pull.team_manager) == (north, north.manager)


def test_a_pull_after_the_move_counts_for_the_new_team(setup):
    lead, north, south, agent = setup
    move_member(user=agent, to_team=south, on=date(2026, 3, 2), actor=lead)

    with time_machine.travel(datetime(2026, 3, 5, 10, 0, tzinfo=ZONE), tick=False):
        pull = pull_andon(agent=agent, complaint=ComplaintFactory(product=ProductFactory()), reason="Torn cover").pull

    assert (pull.team, pull.team_manager) == (south, south.manager)


def test_overlapping_memberships_are_refused(setup):
    lead, _north, south, agent = setup

    with pytest.raises(DomainError, match="move them instead"):
        add_member(team=south, user=agent, started_on=date(2026, 2, 1), actor=lead)


def test_every_team_write_leaves_an_audit_row(setup):
    lead, north, south, agent = setup
    rename_team(team=north, name="North Star", name_zh="北极星组", actor=lead)
    membership = move_member(user=agent, to_team=south, on=date(2026, 3, 2), actor=lead)
    end_membership(membership=membership, ended_on=date(2026, 4, 1), actor=lead)

    actions = set(AuditEvent.objects.filter(actor=lead).values_list("action", flat=True))

    assert {"create", "rename", "add_member", "end_membership", "move_member"} <= actions


def test_a_code_in_use_is_refused(setup):
    lead, _north, _south, _agent = setup

    with pytest.raises(DomainError, match="already another team"):
        create_team(name="Other", code="north", manager=lead, actor=lead)
