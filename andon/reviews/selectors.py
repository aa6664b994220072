"""Reads of the root-cause review: its page, its actions, the people an action can be given to."""



from andon.pulls.models import AndonPull

from .models import RootCauseReview

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


