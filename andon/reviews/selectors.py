"""Reads of the root-cause review: its page, its actions, the people an action can be given to."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from andon.pulls.models import AndonPull

from .models import CorrectiveAction, RootCauseReview, overdue_actions

def review_for_page(*, pk: int) -> RootCauseReview | None:
    return (
        RootCauseReview.objects.select_related("owner", "pull__product", "pull__partner", "pull__process", "pull__issue_code")
        .prefetch_related("whys")
        .filter(pk=pk)
        .first()
    )


def review_actions(review: RootCauseReview) -> list:
    return list(review.actions.select_related("owner").order_by("due_on", "id"))


def review_of(pull: AndonPull) -> RootCauseReview | None:
    return RootCauseReview.objects.filter(pull=pull).first()




def review_due_at(review: RootCauseReview) -> datetime:
    """When an open review should be complete: `ROOT_CAUSE_REVIEW_DUE_DAYS` (days) after it opened."""
    return review.opened_at + timedelta(days=settings.ROOT_CAUSE_REVIEW_DUE_DAYS)


@dataclass(frozen=True)
class OwnedReview:
    review: RootCauseReview
    due_at: datetime
    overdue: bool


@dataclass(frozen=True)
class ReviewQueue:
    """A person's share of the root-cause work, shown beside their work orders at /work/."""

    reviews: list[OwnedReview]
    overdue_actions: list[CorrectiveAction]

    def __bool__(self) -> bool:
        return bool(self.reviews or self.overdue_actions)


def review_queue(*, user, now: datetime | None = None) -> ReviewQueue:
    """The user's open reviews (oldest first, each with its due time and its why-step count) and the
    corrective actions they own that are past due (oldest first): two queries, however many rows."""
    now = now or timezone.now()
    today: date = timezone.localdate(now)
    reviews = (
        RootCauseReview.objects.filter(owner=user, state=RootCauseReview.State.OPEN)
        .select_related("pull__product", "pull__partner", "pull__process", "pull__issue_code")
        .annotate(why_count=Count("whys"))
        .order_by("opened_at", "id")
    )
    actions = (
        CorrectiveAction.objects.filter(overdue_actions(today), owner=user)
        .select_related("review__pull")
        .order_by("due_on", "id")
    )
    return ReviewQueue(
        reviews=[OwnedReview(review=review, due_at=(due := review_due_at(review)), overdue=due < now) for review in reviews],
        overdue_actions=list(actions),
    )
