"""The verdict page: what the puller had, and the forms each reader may use."""

import pytest
from django.urls import reverse

from andon.pulls.models import AndonPull, BadPullCategory, Verdict
from andon.verdicts.services import give_verdict
from members.factories import UserFactory

from .conftest import pull_by

pytestmark = pytest.mark.django_db


def _page(pull) -> str:
    return reverse("verdicts:page", args=[pull.pk])


def test_the_page_shows_the_rule_then_the_complaints_and_the_earlier_verdicts(client, people, teams, held):
    pull, _order, _lots = held
    earlier = pull_by(people["agent"])
    AndonPull.objects.filter(pk=earlier.pk).update(pulled_at=pull.pulled_at.replace(year=pull.pulled_at.year - 1))
    give_verdict(pull=earlier, manager=people["manager"], outcome=Verdict.BAD_PULL, category=BadPullCategory.DUPLICATE)
    client.force_login(people["manager"])

    response = client.get(_page(pull))

    assert response.status_code == 200
    assert response.context["complaints"] == [pull.supports.get().complaint]
    assert response.context["earlier"]["bad_pull"] == 1
    assert response.context["can_judge"] is True
    assert b'data-testid="verdict-form"' in response.content
    assert len(response.context["work_orders"]) == 2


def test_the_team_manager_gives_the_verdict_on_the_page(client, people, held):
    pull, _order, _lots = held
    client.force_login(people["manager"])

    response = client.post(_page(pull), {"action": "give", "verdict-outcome": Verdict.RULE_FOLLOWED, "verdict-note": "Fine"})

    assert response.status_code == 302
    assert AndonPull.objects.get(pk=pull.pk).verdict == Verdict.RULE_FOLLOWED


def test_a_bad_pull_without_a_category_is_sent_back_with_the_error(client, people, held):
    pull, _order, _lots = held
    client.force_login(people["manager"])

    response = client.post(_page(pull), {"action": "give", "verdict-outcome": Verdict.BAD_PULL})

    assert response.status_code == 400
    assert response.context["verdict_form"].errors["category"]
    assert AndonPull.objects.get(pk=pull.pk).verdict == ""


def test_another_teams_manager_gets_no_verdict_form_and_cannot_post_one(client, people, teams, held):
    pull, _order, _lots = held
    client.force_login(teams["south_manager"])

    assert b'data-testid="verdict-form"' not in client.get(_page(pull)).content
    client.post(_page(pull), {"action": "give", "verdict-outcome": Verdict.RULE_FOLLOWED})

    assert AndonPull.objects.get(pk=pull.pk).verdict == ""


def test_another_manager_corrects_on_the_page(client, people, teams, held):
    pull, _order, _lots = held
    give_verdict(pull=pull, manager=people["manager"], outcome=Verdict.RULE_FOLLOWED)
    client.force_login(teams["south_manager"])

    client.post(_page(pull), {
        "action": "correct", "correction-outcome": Verdict.BAD_PULL, "correction-category": BadPullCategory.ABUSE,
        "correction-reason": "Same customer under two names",
    })

    assert AndonPull.objects.get(pk=pull.pk).verdict == Verdict.BAD_PULL


def test_an_agent_may_not_open_the_verdict_page(client, people, held):
    pull, _order, _lots = held
    client.force_login(people["agent"])

    assert client.get(_page(pull)).status_code == 403


def test_the_page_reads_in_chinese(client, people, held):
    pull, _order, _lots = held
    client.force_login(people["manager"])

    response = client.get(_page(pull), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "拉绳判定" in response.content.decode() or "的判定" in response.content.decode()
