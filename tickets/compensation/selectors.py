"""Reads about compensation."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from members.roles import Role, has_role

from ..complaints.models import Complaint
from .models import Compensation, CompensationRequest
from .policy import daily_compensation_limit


def compensations_of(complaint: Complaint) -> QuerySet[Compensation]:
    return complaint.compensations.select_related("granted_by", "coupon", "replacement_order")


def granted_today(agent) -> Decimal:
    """What the agent has granted on their own authority since local midnight (CNY): what the daily
    limit is measured against. Grants a manager approved on request count against nobody's limit."""
    start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    total = (
        Compensation.objects.filter(granted_by=agent, granted_at__gte=start_of_day, approval__isnull=True)
        .aggregate(total=Sum("cost"))["total"]
    )
    return total or Decimal("0")


def left_today(agent) -> Decimal:
    """What the agent may still grant today on their own (CNY, never below 0)."""
    return max(daily_compensation_limit() - granted_today(agent), Decimal("0"))


def requests_of(complaint: Complaint) -> QuerySet[CompensationRequest]:
    """A complaint's approval requests, newest first, with who asked, who decides and who decided."""
    return complaint.compensation_requests.select_related("requested_by", "approver", "decided_by")


def requests_addressed_to(user) -> QuerySet[CompensationRequest]:
    """Every request `user` decides, whatever its state: addressed to them, and, for a customer-service
    manager, those addressed to every manager; never their own."""
    addressed = Q(approver=user)
    if has_role(user, Role.MANAGER):
        addressed |= Q(approver__isnull=True)
    return CompensationRequest.objects.filter(addressed).exclude(requested_by=user)


def pending_requests_for(user) -> QuerySet[CompensationRequest]:
    """The requests waiting for `user`'s decision, oldest first, with what the page shows of each."""
    return (
        requests_addressed_to(user).filter(state=CompensationRequest.State.PENDING)
        .select_related(
            "requested_by", "approver", "complaint__customer", "complaint__issue_code", "complaint__order_line__order",
            "complaint__product", "complaint__partner", "complaint__process",
        )
        .order_by("requested_at", "id")
    )


def recently_decided_by(user, *, days: int = 7) -> QuerySet[CompensationRequest]:
    """What `user` approved or declined in the last `days` days, newest first."""
    return (
        CompensationRequest.objects.filter(decided_by=user, decided_at__gte=timezone.now() - timedelta(days=days))
        .select_related("requested_by", "complaint__customer", "compensation")
        .order_by("-decided_at", "-id")
    )
