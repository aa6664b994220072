"""The agent console's reads: the queue with the rule's count per row, one complaint, finding a customer."""


from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ..open_pulls import with_open_pull

from members.models import OrderLine

from ..complaints.models import Complaint, IssueCode
from ..complaints.selectors import customers, open_complaints, rule_window


QUEUE_TARGET_KINDS = ("product", "partner", "process")

# The queue's orders: received oldest first (the default), newest first, or longest since the
# customer last heard from us (a reply or a status change they saw; their complaint's arrival when
# nobody has answered yet).
QUEUE_ORDERS = {
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "waiting": ("last_heard_at", "created_at", "id"),
}


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
    since, now = rule_window(now)
    return complaints.annotate(
        rule_customers=Coalesce(*(_distinct_customers_for(kind, since, now) for kind in QUEUE_TARGET_KINDS), Value(0))
    )


def complaint_queue(
    *, agent, issue_code: IssueCode | None = None, channel: str = "", target_kind: str = "", rule_met: bool = False,
    assigned: str = "", query: str = "", order: str = "oldest",
) -> QuerySet[Complaint]:
    """Open complaints (a shared queue: every agent sees all of them) in `order` (a QUEUE_ORDERS key;
    oldest first by default), each with the rule's count (`rule_customers`), the open pull it is on
    (`open_pull_id`, None when none) and when the customer last heard from us (`last_heard_at`:
    the last reply to them, else the complaint's arrival). One query for any number of rows."""
    complaints = with_open_pull(with_rule_customers(open_complaints().select_related("taken_by"))).annotate(
        last_heard_at=Coalesce("last_reply_to_customer_at", "created_at")
    )
    if issue_code is not None:
        complaints = complaints.filter(issue_code=issue_code)
    if channel:
        complaints = complaints.filter(channel=channel)
    if target_kind in QUEUE_TARGET_KINDS:
        complaints = complaints.filter(**{f"{target_kind}__isnull": False})
    if rule_met:
        complaints = complaints.filter(rule_customers__gte=settings.ANDON_RULE_MIN_CUSTOMERS)  # as rule_met
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
    return complaints.order_by(*QUEUE_ORDERS.get(order, QUEUE_ORDERS["oldest"]))


def complaint_for_console(*, pk: int) -> Complaint | None:
    return (
        Complaint.objects.select_related(
            "customer", "order_line__order", "order_line__product", "product__supplier", "product__category", "lot",
            "partner", "process", "issue_code", "taken_by",
        )
        .filter(pk=pk)
        .first()
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
