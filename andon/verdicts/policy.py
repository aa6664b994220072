"""Who may judge a pull, who may correct a verdict, who gives a second opinion.

The one answer the verdict services enforce, the verdict page and the admin use to draw their
forms and actions, and the API uses to scope the verdict queue. The puller never judges their
own pull, whatever their role.
"""

from django.db.models import Q

from members.roles import Role, has_role

# Who may correct a verdict: another customer-service manager, or an executive.
CORRECTING_ROLES = (Role.MANAGER, Role.EXECUTIVE)


def _is(user, user_id) -> bool:
    return user_id is not None and user.pk == user_id


def may_judge(user, pull) -> bool:
    """Give the first verdict on `pull`.

    The manager of the puller's team at pull time (AndonPull.team_manager). A pull with no team
    manager (the puller was in no team: a manager on their front-line day, a team's own manager)
    is judged by any other customer-service manager. Never the puller; superusers as usual.
    """
    if not user.is_authenticated or _is(user, pull.pulled_by_id):
        return False
    if user.is_superuser:
        return True
    if pull.team_manager_id is not None:
        return _is(user, pull.team_manager_id) and has_role(user, Role.MANAGER)
    return has_role(user, Role.MANAGER)


def may_judge_now(user, pull) -> bool:
    """The verdict form: the pull awaits its verdict and the user may give it."""
    return not pull.verdict and may_judge(user, pull)


def may_correct(user, pull, current_verdict) -> bool:
    """Correct the current verdict: another manager (not its author, not the puller) or an executive."""
    if current_verdict is None or not user.is_authenticated or _is(user, pull.pulled_by_id):
        return False
    if _is(user, current_verdict.given_by_id):
        return False
    return has_role(user, *CORRECTING_ROLES)


def judgeable_by(user) -> Q:
    """The pulls `user` may judge, as a filter on AndonPull (the verdict queue's scope)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return ~Q(pulled_by=user)
    if not has_role(user, Role.MANAGER):
        return Q(pk__in=[])
    return (Q(team_manager=user) | Q(team_manager__isnull=True)) & ~Q(pulled_by=user)


def may_answer_second_opinion(user, opinion) -> bool:
    """Only the reviewer the sample named answers, once."""
    return user.is_authenticated and _is(user, opinion.reviewer_id) and opinion.answered_at is None


def may_read_verdicts(user) -> bool:
    """The verdict page and the queue: customer-service managers and executives."""
    return has_role(user, Role.MANAGER, Role.EXECUTIVE)
