"""Reads about complaints, above all the andon rule."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from members.roles import Role

from ..targets import target_filter
from .models import Complaint, IssueCode


@dataclass(frozen=True)
class RuleStatus:
    """Whether the pull rule is met for a target and issue code right now: help for the agent, never a gate."""

    met: bool
    distinct_customers: int
    needed: int
    window_days: int
    complaints: list[Complaint]


def rule_status(*, target, issue_code: IssueCode, now=None) -> RuleStatus:
    """Same target + same issue code + at least N distinct customers within the look-back window."""
    now = now or timezone.now()
    needed, window_days = settings.ANDON_RULE_MIN_CUSTOMERS, settings.ANDON_RULE_WINDOW_DAYS
    complaints = list(
        Complaint.objects.filter(
            **target_filter(target), issue_code=issue_code, created_at__gte=now - timedelta(days=window_days),
            created_at__lte=now,
        )
        .select_related("customer")
        .order_by("created_at", "id")
    )
    customers = len({complaint.customer_id for complaint in complaints})
    return RuleStatus(customers >= needed, customers, needed, window_days, complaints)


def open_complaints() -> QuerySet[Complaint]:
    return Complaint.objects.filter(state=Complaint.State.OPEN).select_related(
        "customer", "issue_code", "product", "partner", "process"
    )


def open_complaints_about(target) -> QuerySet[Complaint]:
    """A target's open complaints, grouped by issue code (in the taxonomy's order), oldest first within each."""
    return (
        Complaint.objects.filter(**target_filter(target), state=Complaint.State.OPEN)
        .select_related("customer", "issue_code", "taken_by")
        .order_by("issue_code__position", "issue_code__code", "created_at", "id")
    )


def customers() -> QuerySet:
    """People a complaint can be filed for: active members, never staff.

    A complaint filed for a colleague would count towards the andon rule as a customer's voice,
    so admin users, superusers and anyone holding a staff role are left out.
    """
    return (
        get_user_model().objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .exclude(groups__name__in=Role.values)
    )
