"""The root-cause review page through its URLs: whys, the cause, corrective actions, completion, who may edit."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from andon.models import RootCauseReview, WhyStep, WorkOrder
from andon.reviews.services import add_corrective_action, add_why, set_root_cause

pytestmark = pytest.mark.django_db

Kind, Outcome, State = WorkOrder.Kind, WorkOrder.Outcome, WorkOrder.State
HTMX = {"HTTP_HX_REQUEST": "true"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _as(client, user):
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- The root-cause review -------------------------------------------------------------------


def _fill_review(review, people, *, whys: int, actions: int = 1) -> None:
    for step in range(whys):
        add_why(review=review, actor=people["vendor_manager"], question="Why?", answer=f"Because {step + 1}")
    set_root_cause(review=review, actor=people["vendor_manager"], cause_category="supplier_quality", root_cause="No incoming inspection")
    for _ in range(actions):
        add_corrective_action(
            review=review, actor=people["vendor_manager"], description="Sample each lot", owner=people["warehouse"],
            due_on=timezone.localdate() + timedelta(days=14),
        )


def test_a_review_with_four_whys_is_refused_through_the_page_with_the_message(client, people, pull):
    review = pull.review
    _fill_review(review, people, whys=4)

    response = _as(client, people["vendor_manager"]).post(reverse("work:review-complete", args=[review.pk]))

    assert response.status_code == 400
    assert any("at least 5 why steps (it has 4)" in message for message in _messages(response))
    assert RootCauseReview.objects.get(pk=review.pk).state == RootCauseReview.State.OPEN


def test_a_review_without_a_corrective_action_is_refused_through_the_page_with_the_message(client, people, pull):
    review = pull.review
    _fill_review(review, people, whys=5, actions=0)

    response = _as(client, people["vendor_manager"]).post(reverse("work:review-complete", args=[review.pk]))

    assert response.status_code == 400
    assert any("at least one corrective action" in message for message in _messages(response))
    assert RootCauseReview.objects.get(pk=review.pk).state == RootCauseReview.State.OPEN


def test_a_review_with_five_whys_is_completed_through_the_page(client, people, pull):
    review = pull.review
    _fill_review(review, people, whys=5)

    _as(client, people["vendor_manager"]).post(reverse("work:review-complete", args=[review.pk]))

    assert RootCauseReview.objects.get(pk=review.pk).state == RootCauseReview.State.COMPLETE


def test_the_next_why_is_numbered_after_the_last(client, people, pull):
    review = pull.review
    add_why(review=review, actor=people["vendor_manager"], question="Why were pages uncut?", answer="The trimmer skipped")

    _as(client, people["vendor_manager"]).post(reverse("work:review-why", args=[review.pk]), {"question": "Why?", "answer": "Blade worn"})

    assert list(WhyStep.objects.filter(review=review).values_list("position", "answer")) == [
        (1, "The trimmer skipped"), (2, "Blade worn"),
    ]


def test_the_why_form_starts_with_the_question_why(client, people, pull):
    html = _as(client, people["vendor_manager"]).get(reverse("work:review", args=[pull.review.pk])).content.decode()

    assert re.search(r'<input type="text" name="question" value="Why\?"', html)


def test_a_corrective_action_is_added_with_an_owner_and_a_due_date(client, people, pull):
    review = pull.review
    due = timezone.localdate() + timedelta(days=7)

    _as(client, people["manager"]).post(
        reverse("work:review-action", args=[review.pk]),
        {"description": "Sample each lot", "owner": people["warehouse"].pk, "due_on": due.isoformat()},
    )

    assert list(review.actions.values_list("description", "owner__username", "due_on")) == [("Sample each lot", "warehouse", due)]


def test_someone_who_is_neither_owner_nor_manager_sees_the_review_without_forms(client, people, pull):
    html = _as(client, people["warehouse"]).get(reverse("work:review", args=[pull.review.pk])).content.decode()

    assert 'data-testid="why-form"' not in html
    assert 'data-testid="review-complete"' not in html


def test_someone_who_is_neither_owner_nor_manager_cannot_add_a_why(client, people, pull):
    response = _as(client, people["warehouse"]).post(
        reverse("work:review-why", args=[pull.review.pk]), {"question": "Why?", "answer": "Because"}
    )

    assert any("Only the review's owner or a manager" in message for message in _messages(response))
    assert not WhyStep.objects.exists()
