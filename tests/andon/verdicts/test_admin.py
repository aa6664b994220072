"""The verdict queue in the admin: the pull list filtered to awaiting verdict, its age, the verdict actions."""

import pytest
from django.urls import reverse

from andon.pulls.models import AndonPull, BadPullCategory, Verdict
from andon.verdicts.services import give_verdict
from flywheel.models import ListingState, Product
from members.factories import UserFactory

from .conftest import pull_by

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:andon_andonpull_changelist"
# session, user, the user's and the groups' permissions (view), the manager's groups (the verdict
# actions), the teams of the team filter, the row count, the rows with target, issue code, puller
# and team joined and the complaint count annotated, the cart count.
PULL_CHANGELIST_QUERIES = 9


@pytest.fixture
def manager_client(client, people):
    manager = people["manager"]
    manager.is_staff = True
    manager.save(update_fields=["is_staff"])
    from members.roles import grant_role_permissions

    grant_role_permissions()
    client.force_login(manager)
    return client


def _messages(response, level_tag: str) -> list[str]:
    return [message.message for message in response.context["messages"] if message.level_tag == level_tag]


@pytest.mark.parametrize("pulls", [3, 30])
def test_the_pull_changelist_query_count_does_not_grow_with_rows(manager_client, people, teams, django_assert_num_queries, pulls):
    for _ in range(pulls):
        pull_by(people["agent"])

    with django_assert_num_queries(PULL_CHANGELIST_QUERIES):
        response = manager_client.get(reverse(CHANGELIST), {"verdict": "awaiting"})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == pulls


def test_the_awaiting_filter_leaves_out_judged_pulls(manager_client, people, teams):
    judged, waiting = pull_by(people["agent"]), pull_by(people["agent"])
    give_verdict(pull=judged, manager=people["manager"], outcome=Verdict.RULE_FOLLOWED)

    response = manager_client.get(reverse(CHANGELIST), {"verdict": "awaiting"})

    assert [pull.pk for pull in response.context["cl"].result_list] == [waiting.pk]
    assert b'data-testid="verdict-page-link"' not in response.content  # only on the change page


def test_the_rule_followed_action_gives_the_verdict(manager_client, people, teams):
    pull = pull_by(people["agent"])

    response = manager_client.post(
        reverse(CHANGELIST), {"action": "verdict_rule_followed", "_selected_action": [pull.pk]}, follow=True
    )

    assert AndonPull.objects.get(pk=pull.pk).verdict == Verdict.RULE_FOLLOWED
    assert _messages(response, "success")


def test_the_bad_pull_action_asks_for_the_category_then_relists(manager_client, people, teams):
    pull = pull_by(people["agent"], stock=5)
    form = {"action": "verdict_bad_pull", "_selected_action": [pull.pk]}

    asked = manager_client.post(reverse(CHANGELIST), form)
    assert asked.status_code == 200 and b"Bad-pull category" in asked.content
    manager_client.post(reverse(CHANGELIST), {**form, "apply": "1", "category": BadPullCategory.DUPLICATE, "note": "Same as #1"}, follow=True)

    saved = AndonPull.objects.get(pk=pull.pk)
    assert (saved.verdict, saved.verdict_category) == (Verdict.BAD_PULL, BadPullCategory.DUPLICATE)
    assert Product.objects.get(pk=pull.product_id).listing_state == ListingState.LISTED


def test_a_refused_verdict_is_a_message_naming_the_pull(manager_client, people, teams):
    own = pull_by(people["manager"])  # the manager's own pull: judged by another manager
    south = pull_by(teams["south_agent"])

    response = manager_client.post(
        reverse(CHANGELIST), {"action": "verdict_rule_followed", "_selected_action": [own.pk, south.pk]}, follow=True
    )

    [error] = _messages(response, "error")
    assert f"#{own.pk}" in error and f"#{south.pk}" in error
    assert set(AndonPull.objects.filter(pk__in=[own.pk, south.pk]).values_list("verdict", flat=True)) == {""}


def test_an_agent_sees_no_verdict_actions(client, people, teams):
    agent = people["agent"]
    agent.is_staff = True
    agent.save(update_fields=["is_staff"])
    from members.roles import grant_role_permissions

    grant_role_permissions()
    client.force_login(agent)

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert response.context["action_form"] is None  # no action the agent may use


def test_the_change_page_links_the_verdict_page(manager_client, people, teams):
    pull = pull_by(people["agent"])

    response = manager_client.get(reverse("admin:andon_andonpull_change", args=[pull.pk]))

    assert reverse("verdicts:page", args=[pull.pk]).encode() in response.content
