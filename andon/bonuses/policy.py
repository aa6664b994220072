"""Who may do what with the bonus ledger and the payroll runs: the one answer the services enforce,
the admin uses for its actions and the pages and the API use to scope their lists.

There is no finance role: payroll runs (close a month, export, confirm paid) are for executives
(and superusers). A manager approves the entries of the pulls their team made: the manager named
on the pull at pull time (`AndonPull.team_manager`), so a later move between teams changes nothing.
"""

from django.db.models import Q

from members.roles import Role, has_role
from members.teams.models import TeamMembership

PAYROLL_ROLES = (Role.EXECUTIVE,)
APPROVING_ROLES = (Role.MANAGER, Role.EXECUTIVE)


def may_run_payroll(user) -> bool:
    """Close a month into a batch, export it, confirm it paid: executives and superusers."""
    return has_role(user, *PAYROLL_ROLES)


def may_approve(user, entry) -> bool:
    """Approve this entry: an executive, or the manager of the team the pull was made in."""
    if has_role(user, Role.EXECUTIVE):
        return True
    return has_role(user, Role.MANAGER) and entry.pull.team_manager_id == user.pk


def approvable_by(user) -> Q:
    """The entries `user` may approve (and read as a manager), as a filter on BonusEntry."""
    if has_role(user, Role.EXECUTIVE):
        return Q()
    if has_role(user, Role.MANAGER):
        return Q(pull__team_manager=user)
    return Q(pk__in=[])


def ledger_visible_to(user) -> Q:
    """The entries `user` may read: their own, those they may approve, all for executives."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(agent=user) | approvable_by(user)


def may_read_statement(user, agent) -> bool:
    """An agent's monthly statement: the agent, executives, and a manager of a team the agent was ever in."""
    if not user.is_authenticated:
        return False
    if user.pk == agent.pk or has_role(user, Role.EXECUTIVE):
        return True
    return has_role(user, Role.MANAGER) and TeamMembership.objects.filter(user=agent, team__manager=user).exists()
