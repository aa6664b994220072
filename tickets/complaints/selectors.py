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


def rule_window(now=None) -> tuple:
    """The rule's look-back window, (since, until): complaints filed in it count
    (`ANDON_RULE_WINDOW_DAYS`, 30 days by default)."""
    now = now or timezone.now()
    return now - timedelta(days=settings.ANDON_RULE_WINDOW_DAYS), now


def rule_met(distinct_customers: int) -> bool:
    """Enough distinct customers for the rule (`ANDON_RULE_MIN_CUSTOMERS`, 2 by default)."""
    return distinct_customers >= settings.ANDON_RULE_MIN_CUSTOMERS


def rule_statuses(*, target, issue_codes: list[IssueCode], now=None) -> dict[int, RuleStatus]:
    """Same target + same issue code + at least N distinct customers within the look-back window,
    for several issue codes of one target from one query (issue code pk -> status)."""
    since, until = rule_window(now)
    by_code: dict[int, list[Complaint]] = {code.pk: [] for code in issue_codes}
    complaints = (
        Complaint.objects.filter(
            **target_filter(target), issue_code__in=list(by_code), created_at__gte=since, created_at__lte=until,
        )
        .select_related("customer")
        .order_by("created_at", "id")
    )
    for complaint in complaints:
        by_code[complaint.issue_code_id].append(complaint)
    statuses = {}
    for pk, matches in by_code.items():
        customers = len({complaint.customer_id for complaint in matches})
        statuses[pk] = RuleStatus(
            rule_met(customers), customers, settings.ANDON_RULE_MIN_CUSTOMERS, settings.ANDON_RULE_WINDOW_DAYS, matches
        )
    return statuses


def rule_status(*, target, issue_code: IssueCode, now=None) -> RuleStatus:
    """The rule for one target and issue code (see `rule_statuses`)."""
    return rule_statuses(target=target, issue_codes=[issue_code], now=now)[issue_code.pk]


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
