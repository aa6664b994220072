"""Who may grant compensation and how much: the one answer for the service and the console."""

from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from members.roles import Role, has_role
from members.teams.selectors import membership_at

from ..complaints.policy import may_handle_complaints


def may_grant_compensation(user) -> bool:
    """Settle a customer with a coupon, refund or replacement: whoever works the complaints."""
    return may_handle_complaints(user)


def daily_compensation_limit() -> Decimal:
    """What one agent may grant in a calendar day (local time), in CNY; the andon cord has no limit."""
    return Decimal(settings.COMPENSATION_LIMIT_PER_AGENT_PER_DAY).quantize(Decimal("0.01"))


def approver_for(agent, *, now=None):
    """Who decides `agent`'s requests above their daily limit: their team's manager at `now`, or None
    (every customer-service manager) for an agent with no team, whose manager has left, or who
    manages their own team (nobody approves their own request)."""
    membership = membership_at(agent, now or timezone.now())
    manager = membership.team.manager if membership is not None else None
    if manager is None or not manager.is_active or manager.pk == agent.pk:
        return None
    return manager


def may_read_approvals(user) -> bool:
    """Open the approvals page: customer-service managers (the approvers)."""
    return has_role(user, Role.MANAGER)


def may_decide_request(user, request) -> bool:
    """Approve or decline a request: its approver; for one without, any customer-service manager.
    Never the agent who asked."""
    if not getattr(user, "is_authenticated", False) or user.pk == request.requested_by_id:
        return False
    if request.approver_id is not None:
        return user.pk == request.approver_id
    return has_role(user, Role.MANAGER)
