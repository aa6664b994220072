"""Verdicts through the API: the scoped queue, give and correct, second opinions."""

import pytest
from django.urls import reverse

from andon.pulls.models import AndonPull, BadPullCategory, Verdict
from andon.verdicts.services import give_verdict

from .conftest import pull_by

pytestmark = pytest.mark.django_db


def test_a_manager_sees_the_pulls_they_may_judge(api_for, people, teams):
    mine, theirs, own = pull_by(people["agent"]), pull_by(teams["south_agent"]), pull_by(people["manager"])

    response = api_for(people["manager"]).get(reverse("api-verdict-queue"))

    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [row["id"] for row in rows] == [mine.pk]
    assert not {theirs.pk, own.pk} & {row["id"] for row in rows}


def test_give_a_verdict(api_for, people, teams):
    pull = pull_by(people["agent"])

    response = api_for(people["manager"]).post(
        reverse("api-pull-verdict", args=[pull.pk]), {"outcome": Verdict.BAD_PULL, "category": BadPullCategory.DUPLICATE}, format="json"
    )

    assert response.status_code == 201
    assert AndonPull.objects.get(pk=pull.pk).verdict == Verdict.BAD_PULL


def test_a_verdict_by_the_puller_is_403_and_a_second_one_409(api_for, people, teams):
    pull = pull_by(people["agent"])
    url = reverse("api-pull-verdict", args=[pull.pk])

    assert api_for(people["agent"]).post(url, {"outcome": Verdict.RULE_FOLLOWED}, format="json").status_code == 403
    assert api_for(people["manager"]).post(url, {"outcome": Verdict.RULE_FOLLOWED}, format="json").status_code == 201
    assert api_for(people["manager"]).post(url, {"outcome": Verdict.RULE_FOLLOWED}, format="json").status_code == 409


def test_a_bad_pull_without_a_category_is_400(api_for, people, teams):
    pull = pull_by(people["agent"])

    response = api_for(people["manager"]).post(reverse("api-pull-verdict", args=[pull.pk]), {"outcome": Verdict.BAD_PULL}, format="json")

    assert response.status_code == 400


def test_correct_a_verdict(api_for, people, teams):
    pull = pull_by(people["agent"])
    give_verdict(pull=pull, manager=people["manager"], outcome=Verdict.RULE_FOLLOWED)
    url = reverse("api-pull-verdict-correct", args=[pull.pk])

    assert api_for(teams["south_manager"]).post(url, {"outcome": Verdict.BAD_PULL, "category": "abuse"}, format="json").status_code == 400
    response = api_for(teams["south_manager"]).post(url, {"outcome": Verdict.BAD_PULL, "category": "abuse", "reason": "r"}, format="json")

    assert response.status_code == 201
    assert response.json()["corrects"] is not None


def test_an_unknown_pull_is_404(api_for, people):
    response = api_for(people["manager"]).post(reverse("api-pull-verdict", args=[999999]), {"outcome": Verdict.RULE_FOLLOWED}, format="json")

    assert response.status_code == 404


def test_second_opinions_asked_of_me_and_my_answer(api_for, people, teams):
    from datetime import datetime

    import time_machine
    from django.utils import timezone

    from andon.verdicts.services import sample_verdicts_for_second_opinion

    with time_machine.travel(datetime(2026, 11, 11, 10, 0, tzinfo=timezone.get_default_timezone()), tick=False):
        give_verdict(pull=pull_by(people["agent"]), manager=people["manager"], outcome=Verdict.RULE_FOLLOWED)
    [opinion] = sample_verdicts_for_second_opinion(iso_year=2026, iso_week=46)
    reviewer = api_for(teams["south_manager"])

    listed = reviewer.get(reverse("api-second-opinions")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    answer = reverse("api-second-opinion-answer", args=[opinion.pk])

    assert [row["id"] for row in rows] == [opinion.pk]
    assert api_for(people["manager"]).post(answer, {"agrees": True}, format="json").status_code == 404
    assert reviewer.post(answer, {"agrees": False, "note": "Rule was met"}, format="json").json()["agrees"] is False
    assert reviewer.post(answer, {"agrees": True}, format="json").status_code == 409
