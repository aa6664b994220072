"""Who may change a root-cause review, and what it needs before it is complete: one answer for
the services (which refuse), the review page (which draws the forms and the checklist) and the API."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from members.roles import Role, has_role

MINIMUM_WHYS = 5
# Besides the review's owner (and, for a corrective action, the action's owner).
REVIEW_EDITING_ROLES = (Role.MANAGER,)


def may_edit_review(user, review) -> bool:
    """Add whys and actions, set the cause, complete it (while it is open: the service says so apart)."""
    return has_role(user, *REVIEW_EDITING_ROLES) or review.owner_id == user.pk


def may_update_action(user, action) -> bool:
    """Move a corrective action along; `action.review` is read."""
    return has_role(user, *REVIEW_EDITING_ROLES) or user.pk in (action.owner_id, action.review.owner_id)


@dataclass(frozen=True)
class ChecklistItem:
    label: str  # as the page's checklist shows it
    missing: str  # as the refusal to complete names it
    done: bool


def review_checklist(*, whys: int, cause_category: str, root_cause: str, actions: int) -> list[ChecklistItem]:
    """What a review needs to be complete: a process-level cause reached through enough whys, and what will change."""
    return [
        ChecklistItem(
            label=_("At least %(count)d why steps") % {"count": MINIMUM_WHYS},
            missing=_("at least %(needed)d why steps (it has %(count)d)") % {"needed": MINIMUM_WHYS, "count": whys},
            done=whys >= MINIMUM_WHYS,
        ),
        ChecklistItem(label=_("A cause category"), missing=_("a cause category"), done=bool(cause_category)),
        ChecklistItem(
            label=_("The process-level root cause"), missing=_("the process-level root cause"), done=bool(root_cause)
        ),
        ChecklistItem(
            label=_("At least one corrective action"), missing=_("at least one corrective action"), done=actions > 0
        ),
    ]
