"""Reads about complaints, above all the andon rule."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import OrderLine
from members.roles import Role

from .models import Compensation, Complaint, IssueCode
from .targets import target_filter


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


# --- The agent console's reads -------------------------------------------------------------

QUEUE_TARGET_KINDS = ("product", "partner", "process")


def _distinct_customers_for(kind: str, since, now) -> Subquery:
    """Distinct customers behind the outer complaint's target and issue code in the window (the rule's count)."""
    return Subquery(
        Complaint.objects.filter(
            **{kind: OuterRef(kind)}, issue_code=OuterRef("issue_code"), created_at__gte=since, created_at__lte=now
        )
        .order_by()
        .values("issue_code")
        .annotate(customers=Count("customer", distinct=True))
        .values("customers"),
        output_field=IntegerField(),
    )


def with_rule_customers(complaints: QuerySet[Complaint], *, now=None) -> QuerySet[Complaint]:
    """Annotate `rule_customers`: what rule_status would count for each row, in the same query.

    Only the subquery of the row's own target kind matches (the other foreign keys are NULL), so
    Coalesce picks it; the queue can then show and filter "rule met" without a query per row.
    """
    now = now or timezone.now()
    since = now - timedelta(days=settings.ANDON_RULE_WINDOW_DAYS)
    return complaints.annotate(
        rule_customers=Coalesce(*(_distinct_customers_for(kind, since, now) for kind in QUEUE_TARGET_KINDS), Value(0))
    )


def complaint_queue(
    *, agent, issue_code: IssueCode | None = None, channel: str = "", target_kind: str = "", rule_met: bool = False,
    assigned: str = "", query: str = "",
) -> QuerySet[Complaint]:
    """Open complaints, oldest first (a shared queue: every agent sees all of them), with the rule's count."""
    complaints = with_rule_customers(open_complaints().select_related("taken_by"))
    if issue_code is not None:
        complaints = complaints.filter(issue_code=issue_code)
    if channel:
        complaints = complaints.filter(channel=channel)
    if target_kind in QUEUE_TARGET_KINDS:
        complaints = complaints.filter(**{f"{target_kind}__isnull": False})
    if rule_met:
        complaints = complaints.filter(rule_customers__gte=settings.ANDON_RULE_MIN_CUSTOMERS)
    if assigned == "mine":
        complaints = complaints.filter(taken_by=agent)
    elif assigned == "unassigned":
        complaints = complaints.filter(taken_by__isnull=True)
    query = query.strip()
    if query:
        complaints = complaints.filter(
            Q(customer__username__icontains=query) | Q(customer__email__icontains=query)
            | Q(product__title__icontains=query) | Q(product__title_zh__icontains=query) | Q(product__sku__iexact=query)
            | Q(partner__name__icontains=query) | Q(process__name__icontains=query)
        )
    return complaints.order_by("created_at", "id")


def complaint_for_console(*, pk: int) -> Complaint | None:
    return (
        Complaint.objects.select_related(
            "customer", "order_line__order", "order_line__product", "product__supplier", "product__category", "lot",
            "partner", "process", "issue_code", "taken_by",
        )
        .filter(pk=pk)
        .first()
    )


def compensations_of(complaint: Complaint) -> QuerySet[Compensation]:
    return complaint.compensations.select_related("granted_by", "coupon", "replacement_order")


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


def find_customers(*, query: str, limit: int = 20) -> list:
    """Customers by username or email."""
    query = query.strip()
    if not query:
        return []
    return list(customers().filter(Q(username__icontains=query) | Q(email__icontains=query)).order_by("username")[:limit])


def order_lines_of(customer) -> QuerySet[OrderLine]:
    """The lines a customer's complaint can be about, newest order first."""
    return (
        OrderLine.objects.filter(order__customer=customer)
        .select_related("order", "product")
        .order_by("-order__placed_at", "-order_id", "id")
    )
