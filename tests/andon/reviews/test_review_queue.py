"""The owner's root-cause work beside their work orders at /work/: open reviews and overdue corrective actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from andon.models import CorrectiveAction, RootCauseReview
from andon.pulls.services import pull_andon
from andon.reviews.selectors import review_queue
from andon.reviews.services import add_corrective_action
from flywheel.factories import ProductFactory, SupplierFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory

pytestmark = pytest.mark.django_db


def _queue_text(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("work:queue")).content.decode()


def _action(review, people, *, owner, due_in_days: int) -> CorrectiveAction:
    return add_corrective_action(
        review=review, actor=people["manager"], description="Sample each incoming lot", owner=owner,
        due_on=timezone.localdate() + timedelta(days=due_in_days),
    )


def test_the_owner_sees_their_open_review_with_a_link_and_its_due_date(client, people, pull):
    text = _queue_text(client, people["vendor_manager"])

    assert f'data-testid="my-review" data-review="{pull.review.pk}"' in text
    assert reverse("work:review", args=[pull.review.pk]) in text
    assert 'data-testid="my-review-overdue"' not in text


def test_a_review_open_past_its_due_days_is_marked_overdue(client, people, pull, settings):
    settings.ROOT_CAUSE_REVIEW_DUE_DAYS = 7
    RootCauseReview.objects.filter(pk=pull.review.pk).update(opened_at=timezone.now() - timedelta(days=8))

    assert 'data-testid="my-review-overdue"' in _queue_text(client, people["vendor_manager"])


def test_a_complete_review_is_not_in_the_owners_queue(client, people, pull):
    RootCauseReview.objects.filter(pk=pull.review.pk).update(state=RootCauseReview.State.COMPLETE)

    assert 'data-testid="my-review"' not in _queue_text(client, people["vendor_manager"])


def test_someone_elses_review_is_not_in_my_queue(client, people, pull):
    assert 'data-testid="my-review"' not in _queue_text(client, people["warehouse"])


def test_an_overdue_corrective_action_shows_to_its_owner_with_its_review(client, people, pull):
    action = _action(pull.review, people, owner=people["warehouse"], due_in_days=1)
    CorrectiveAction.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - timedelta(days=2))

    text = _queue_text(client, people["warehouse"])

    assert f'data-testid="my-overdue-action" data-action="{action.pk}"' in text
    assert reverse("work:review", args=[pull.review.pk]) in text


def test_a_corrective_action_not_yet_due_is_not_listed(client, people, pull):
    _action(pull.review, people, owner=people["warehouse"], due_in_days=3)

    assert review_queue(user=people["warehouse"]).overdue_actions == []


def test_a_done_corrective_action_past_due_is_not_listed(client, people, pull):
    action = _action(pull.review, people, owner=people["warehouse"], due_in_days=1)
    CorrectiveAction.objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() - timedelta(days=2), status=CorrectiveAction.Status.DONE,
    )

    assert review_queue(user=people["warehouse"]).overdue_actions == []


def _reviews_and_actions(people, count: int) -> None:
    code, supplier = IssueCodeFactory(code="print-defect"), SupplierFactory(vendor_manager=people["vendor_manager"])
    for _ in range(count):
        pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=ProductFactory(supplier=supplier), issue_code=code), reason="r").pull
        action = _action(pull.review, people, owner=people["vendor_manager"], due_in_days=1)
        CorrectiveAction.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - timedelta(days=1))


@pytest.mark.parametrize("count", [2, 10])
def test_the_review_queue_reads_in_two_queries_for_2_and_10_reviews(people, django_assert_num_queries, count):
    _reviews_and_actions(people, count)

    with django_assert_num_queries(2):
        queue = review_queue(user=people["vendor_manager"])
        labels = [(item.review.pull.product.title, item.review.why_count) for item in queue.reviews]
        actions = [action.review.pull_id for action in queue.overdue_actions]

    assert (len(labels), len(actions)) == (count, count)
