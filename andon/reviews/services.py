"""The root-cause review: five whys or more to a process-level cause, and what will change."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.text import require_readable
from flywheel.services import apply_transition, record_audit
from andon.work_orders.services import close_pull_if_reviewed

from .models import CorrectiveAction, RootCauseReview, WhyStep
from .policy import may_edit_review, may_update_action, review_checklist


def _editable(review: RootCauseReview, actor) -> RootCauseReview:
    review = RootCauseReview.objects.select_for_update().select_related("pull").get(pk=review.pk)
    if not may_edit_review(actor, review):
        raise DomainError(_("Only the review's owner or a manager can change it."))
    if review.state != RootCauseReview.State.OPEN:
        raise DomainError(_("This review is complete; it can no longer change."))
    return review


@transaction.atomic
def add_why(*, review: RootCauseReview, actor, question: str, answer: str) -> WhyStep:
    """The next "why?" and its answer; each answers the step before it."""
    review = _editable(review, actor)
    question = require_readable((question or "").strip(), field=_("The question"), max_length=300)
    answer = require_readable((answer or "").strip(), field=_("The answer"))
    if not question or not answer:
        raise DomainError(_("A why step needs both the question and the answer."))
    position = review.whys.count() + 1
    why = WhyStep.objects.create(review=review, position=position, question=question, answer=answer)
    record_audit(obj=review, action="add_why", actor=actor, note=f"{position}. {question}")
    return why


@transaction.atomic
def set_root_cause(*, review: RootCauseReview, actor, cause_category: str, root_cause: str) -> RootCauseReview:
    review = _editable(review, actor)
    if cause_category not in RootCauseReview.CauseCategory.values:
        raise DomainError(_("Choose a cause category."))
    review.cause_category = cause_category
    review.root_cause = require_readable((root_cause or "").strip(), field=_("The root cause"))
    review.save(update_fields=["cause_category", "root_cause"])
    record_audit(obj=review, action="set_root_cause", actor=actor, note=f"{cause_category}: {review.root_cause}"[:500])
    return review


@transaction.atomic
def add_corrective_action(*, review: RootCauseReview, actor, description: str, owner, due_on: date) -> CorrectiveAction:
    review = _editable(review, actor)
    description = require_readable((description or "").strip(), field=_("The action"), max_length=300)
    if not description or owner is None or due_on is None:
        raise DomainError(_("A corrective action needs what will be done, an owner and a due date."))
    action = CorrectiveAction.objects.create(review=review, description=description, owner=owner, due_on=due_on)
    record_audit(obj=review, action="add_corrective_action", actor=actor, note=f"{description} ({owner}, {due_on})")
    return action


@transaction.atomic
def complete_review(*, review: RootCauseReview, actor) -> RootCauseReview:
    """Close the review; refused, with what is missing, until it reaches a process-level cause."""
    review = _editable(review, actor)
    checklist = review_checklist(
        whys=review.whys.count(), cause_category=review.cause_category, root_cause=review.root_cause,
        actions=review.actions.count(),
    )
    missing = [item.missing for item in checklist if not item.done]
    if missing:
        raise DomainError(_("The review cannot be completed yet; it needs %(missing)s.") % {"missing": "; ".join(missing)})
    apply_transition(obj=review, verb="complete", field="state", actor=actor)
    close_pull_if_reviewed(pull=review.pull, actor=actor)
    return review


@transaction.atomic
def set_corrective_action_status(*, action: CorrectiveAction, actor, status: str) -> CorrectiveAction:
    """Move a corrective action along; it lives on after its review is complete, until it is done."""
    action = CorrectiveAction.objects.select_for_update(of=("self",)).select_related("review").get(pk=action.pk)
    if not may_update_action(actor, action):
        raise DomainError(_("Only the action's owner, the review's owner or a manager can update it."))
    if status not in CorrectiveAction.Status.values:
        raise DomainError(_("Choose a status: planned, in progress or done."))
    before = action.status
    action.status = status
    action.done_at = timezone.now() if status == CorrectiveAction.Status.DONE else None
    action.save(update_fields=["status", "done_at"])
    record_audit(obj=action, action="update_status", actor=actor, from_state=before, to_state=status)
    return action
