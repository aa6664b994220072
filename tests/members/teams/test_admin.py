"""Teams in the admin: created, renamed and staffed through the services."""

import pytest
from django.urls import reverse

from flywheel.models import AuditEvent
from members.factories import UserFactory
from members.models import Team, TeamMembership

pytestmark = pytest.mark.django_db


def test_a_team_made_in_the_admin_goes_through_the_service(admin_client, staff_user):
    manager, agent = UserFactory(roles=["manager"]), UserFactory(roles=["agent"])

    response = admin_client.post(reverse("admin:members_team_add"), {
        "name": "East", "name_zh": "东组", "code": "east", "manager": manager.pk, "cost_centre": "CS-3", "active": "on",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0", "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-user": agent.pk, "memberships-0-started_on": "2026-01-05", "memberships-0-ended_on": "",
    })

    assert response.status_code == 302
    team = Team.objects.get(code="east")
    assert TeamMembership.objects.get(team=team).user == agent
    assert set(AuditEvent.objects.filter(actor=staff_user).values_list("action", flat=True)) >= {"create", "add_member"}


def test_the_move_action_moves_the_selected_agents(admin_client):
    north = Team.objects.create(name="North", code="north", manager=UserFactory(roles=["manager"]))
    south = Team.objects.create(name="South", code="south", manager=UserFactory(roles=["manager"]))
    agent = UserFactory(roles=["agent"])
    row = TeamMembership.objects.create(team=north, user=agent, started_on="2026-01-01")

    admin_client.post(reverse("admin:members_teammembership_changelist"), {
        "action": "move_selected", "_selected_action": [row.pk], "apply": "1", "to_team": south.pk, "on": "2026-03-02",
    })

    assert list(TeamMembership.objects.filter(user=agent).order_by("started_on").values_list("team__code", flat=True)) == ["north", "south"]
