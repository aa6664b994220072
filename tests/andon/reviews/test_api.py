"""Root-cause reviews through the API: the refusal names what is missing, a built review completes, retries add once."""

import pytest

from andon.pulls.services import pull_andon
from andon.reviews.services import add_why
from flywheel.factories import ProductFactory
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


# --- Reviews --------------------------------------------------------------------------------


def _review_url(pull, action="") -> str:
    return f"/api/v1/reviews/{pull.review.pk}/" + (f"{action}/" if action else "")


def test_a_review_with_four_whys_is_refused_with_the_message(api, people, pull):
    for step in range(4):
        add_why(review=pull.review, actor=people["manager"], question=f"Why {step}?", answer=f"Because {step}")
    api["manager"].post(_review_url(pull, "root-cause"), {"cause_category": "supplier_quality", "root_cause": "No inbound inspection"}, format="json")
    api["manager"].post(
        _review_url(pull, "actions"), {"description": "Inspect inbound lots", "owner": "quality", "due_on": "2026-12-31"}, format="json"
    )

    response = api["manager"].post(_review_url(pull, "complete"))

    assert response.status_code == 400
    assert "at least 5 why steps (it has 4)" in response.json()["detail"]
    assert api["manager"].get(_review_url(pull)).json()["state"] == "open"


def test_a_review_built_through_the_api_completes(api, pull):
    client = api["manager"]
    for step in range(5):
        assert client.post(_review_url(pull, "whys"), {"question": f"Why {step}?", "answer": f"Because {step}"}, format="json").status_code == 201
    client.post(_review_url(pull, "root-cause"), {"cause_category": "supplier_quality", "root_cause": "No inbound inspection"}, format="json")
    client.post(_review_url(pull, "actions"), {"description": "Inspect inbound lots", "owner": "quality", "due_on": "2026-12-31"}, format="json")

    response = client.post(_review_url(pull, "complete"))

    body = response.json()
    assert (response.status_code, body["state"], [why["position"] for why in body["whys"]]) == (200, "complete", [1, 2, 3, 4, 5])
    assert [(action["owner"], action["description"]) for action in body["actions"]] == [("quality", "Inspect inbound lots")]


def test_a_corrective_action_for_an_unknown_owner_is_a_400_naming_the_field(api, pull):
    response = api["manager"].post(
        _review_url(pull, "actions"), {"description": "Inspect", "owner": "nobody", "due_on": "2026-12-31"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("owner:")


def test_a_corrective_action_owner_with_a_nul_character_is_a_400_not_a_database_error(api, pull):
    response = api["manager"].post(
        _review_url(pull, "actions"), {"description": "Inspect", "owner": "quality\x00", "due_on": "2026-12-31"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"owner": ["Null characters are not allowed."]}


def test_a_retried_why_with_the_same_key_adds_one_step(api, pull):
    body = {"question": "Why were pages uncut?", "answer": "The trimmer skipped"}

    api["manager"].post(_review_url(pull, "whys"), body, format="json", HTTP_IDEMPOTENCY_KEY="why-1")
    retry = api["manager"].post(_review_url(pull, "whys"), body, format="json", HTTP_IDEMPOTENCY_KEY="why-1")

    assert retry.status_code == 201
    assert len(api["manager"].get(_review_url(pull)).json()["whys"]) == 1


def test_the_work_order_list_runs_a_fixed_number_of_queries(api, people, pull, django_assert_num_queries):
    for _n in range(3):
        pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=ProductFactory(stock=1)), reason="Uncut")

    # session, user, roles, count, work orders with their pulls and targets, held orders, and the answer
    # checklist: the pulls' complaints and the supplier's answers
    with django_assert_num_queries(8):
        response = api["manager"].get("/api/v1/work-orders/")

    assert len(response.json()["results"]) == 8
