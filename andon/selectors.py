"""Reads of the andon: the cord's panel beside a complaint or a product, and the board on the floor."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tickets.models import Complaint, IssueCode, Process
from tickets.complaints.selectors import RuleStatus, rule_status
from tickets.targets import kind_of, target_key

from .models import AndonPull, PullSupport
from .services import gmv_at_stake

# The board colours a pull by how long its target has been stopped: fresh pulls are amber, a day
# without a fix is red. The browser recolours rows as they age, from these same numbers.
AGE_AMBER_UNDER = timedelta(hours=1)
AGE_ORANGE_UNDER = timedelta(hours=24)


def format_age(age: timedelta) -> str:
    """The same text static/js/board.js writes every second (keep the two in step)."""
    seconds = int(age.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    if days:
        return _("{days} d {clock}").format(days=days, clock=f"{hours:02d}:{minutes:02d}")
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def age_level(age: timedelta) -> str:
    if age < AGE_AMBER_UNDER:
        return "amber"
    if age < AGE_ORANGE_UNDER:
        return "orange"
    return "red"


# --- The panel -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AndonPanel:
    """Everything the agent needs beside the cord: the rule (as help), what is at stake, and any open pull."""

    target: object
    kind: str  # "product", "partner" or "process"
    issue_code: IssueCode
    complaint: Complaint | None
    rule: RuleStatus
    gmv_at_stake: Decimal
    stopped: bool
    open_pull: AndonPull | None
    complaint_on_open_pull: bool

    @property
    def dom_id(self) -> str:
        if self.complaint is not None:
            return f"andon-panel-complaint-{self.complaint.pk}"
        return f"andon-panel-{self.kind}-{self.target.pk}-{self.issue_code.pk}"


def open_pull_on(target) -> AndonPull | None:
    return (
        AndonPull.objects.filter(target_key=target_key(target), state=AndonPull.State.OPEN)
        .select_related("pulled_by")
        .annotate(complaint_count=Count("supports", filter=Q(supports__complaint__isnull=False)))
        .first()
    )


def andon_panel(*, complaint: Complaint | None = None, target=None, issue_code: IssueCode | None = None) -> AndonPanel:
    """The panel for a complaint (its target and issue code), or for a target and an issue code."""
    if complaint is not None:
        target, issue_code = complaint.target, complaint.issue_code
    kind = kind_of(target)
    open_pull = open_pull_on(target)
    return AndonPanel(
        target=target,
        kind=kind.name,
        issue_code=issue_code,
        complaint=complaint,
        rule=rule_status(target=target, issue_code=issue_code),
        gmv_at_stake=gmv_at_stake(target),
        stopped=kind.is_stopped(target),
        open_pull=open_pull,
        complaint_on_open_pull=(
            open_pull is not None and complaint is not None
            and PullSupport.objects.filter(pull=open_pull, complaint=complaint).exists()
        ),
    )


# --- The board -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    pull: AndonPull
    age: timedelta

    @property
    def level(self) -> str:
        return age_level(self.age)

    @property
    def age_text(self) -> str:
        """What the board shows before the browser starts ticking: 0:42:07, or 3 d 04:10 past a day."""
        return format_age(self.age)


@dataclass(frozen=True)
class Board:
    rows: list[BoardRow]
    stopped_processes: list[Process]
    now: object = field(default=None)

    @property
    def open_pulls(self) -> int:
        return len(self.rows)

    @property
    def gmv_at_stake(self) -> Decimal:
        return sum((row.pull.gmv_at_stake for row in self.rows), Decimal("0.00"))


def open_pulls_for_board() -> QuerySet[AndonPull]:
    """Every open pull, oldest first, with its target and complaint count in one query."""
    return (
        AndonPull.objects.filter(state=AndonPull.State.OPEN)
        .select_related("product", "partner", "process", "pulled_by", "issue_code")
        .annotate(complaint_count=Count("supports", filter=Q(supports__complaint__isnull=False)))
        .order_by("pulled_at", "id")
    )


def andon_board(*, now=None) -> Board:
    now = now or timezone.now()
    return Board(
        rows=[BoardRow(pull=pull, age=max(now - pull.pulled_at, timedelta(0))) for pull in open_pulls_for_board()],
        stopped_processes=list(Process.objects.filter(lamp=Process.Lamp.RED).order_by("name")),
        now=now,
    )


# --- Work orders: department queues and a work order's page --------------------------------
# (its imports sit here, not at the top: several sections of this module are written in parallel)

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db.models import BooleanField, ExpressionWrapper  # noqa: E402
from django.utils.translation import ngettext  # noqa: E402

from flywheel.models import AuditEvent, Lot  # noqa: E402
from members.models import Order  # noqa: E402
from members.roles import Role, has_role  # noqa: E402

from .models import Department, RootCauseReview, WorkOrder  # noqa: E402
from .services.work_orders import DEPARTMENT_ROLES, in_department  # noqa: E402

# Who reads the department queues: the back office, and the managers and executives above it.
BACK_OFFICE_ROLES = (Role.VENDOR_MANAGER, Role.WAREHOUSE, Role.QUALITY, Role.MANAGER, Role.EXECUTIVE)
# Managers and executives see every department's queue; what they may do is still the services' call.
ALL_DEPARTMENTS_ROLES = (Role.MANAGER, Role.EXECUTIVE)
QUEUE_TABS = ("department", "mine", "overdue", "to_confirm")
# Orders that left the warehouse before the hold: the customers have the product in hand.
FOLLOW_UP_STATUSES = (Order.Status.SHIPPED, Order.Status.DELIVERED)
FOLLOW_UP_LIMIT = 200


def is_back_office(user) -> bool:
    return has_role(user, *BACK_OFFICE_ROLES)


def departments_of(user) -> list[str]:
    """The departments whose queue is the user's, derived from their roles (DEPARTMENT_ROLES read backwards)."""
    if has_role(user, *ALL_DEPARTMENTS_ROLES):
        return list(Department.values)
    return [department for department, roles in DEPARTMENT_ROLES.items() if roles and has_role(user, *roles)]


def overdue_now(now=None) -> Q:
    """Overdue from the data alone (active and past due), so it is right whether or not a job has run."""
    return Q(state__in=WorkOrder.ACTIVE, due_at__lt=now or timezone.now())


def overdue_expression(now) -> ExpressionWrapper:
    return ExpressionWrapper(overdue_now(now), output_field=BooleanField())


def work_orders_with_targets() -> QuerySet[WorkOrder]:
    # Deep enough that `in_department` (which reads each target's named owner) needs no query per row.
    return WorkOrder.objects.select_related(
        "assignee", "pull__product__supplier__vendor_manager", "pull__partner__partner_manager", "pull__process__owner",
    )


def visible_to(user) -> Q:
    """The work orders in the user's queues: their departments, the ones they own by name, and for quality every resolved one."""
    if has_role(user, *ALL_DEPARTMENTS_ROLES):
        return Q()
    scope = (
        Q(department__in=departments_of(user))
        | Q(assignee=user)
        | Q(department=Department.SUPPLIER_MANAGEMENT, pull__product__supplier__vendor_manager=user)
        | Q(department=Department.PARTNER_MANAGEMENT, pull__partner__partner_manager=user)
        | Q(department=Department.PROCESS_OWNER, pull__process__owner=user)
    )
    if has_role(user, Role.QUALITY):
        scope |= Q(state=WorkOrder.State.RESOLVED)  # quality confirms the work of every department
    return scope


def work_order_queue(*, user, tab: str = "department", kind: str = "", now=None) -> QuerySet[WorkOrder]:
    """One tab of the user's department queue, soonest due first, the overdue flag annotated."""
    now = now or timezone.now()
    work_orders = work_orders_with_targets().filter(state__in=WorkOrder.ACTIVE).annotate(overdue=overdue_expression(now))
    if tab == "mine":
        work_orders = work_orders.filter(assignee=user)
    else:
        work_orders = work_orders.filter(visible_to(user))
    if tab == "overdue":
        work_orders = work_orders.filter(due_at__lt=now)
    elif tab == "to_confirm":
        work_orders = work_orders.filter(state=WorkOrder.State.RESOLVED)
    if kind:
        work_orders = work_orders.filter(kind=kind)
    return work_orders.order_by("due_at", "id")


def time_left_text(due_at, now) -> str:
    """"due in 5 h" or "overdue by 2 h": minutes under an hour, hours under two days, then days."""
    seconds = int((due_at - now).total_seconds())
    span = abs(seconds)
    if span < 3600:
        amount = ngettext("%(n)d min", "%(n)d min", max(span // 60, 1)) % {"n": max(span // 60, 1)}
    elif span < 48 * 3600:
        amount = ngettext("%(n)d h", "%(n)d h", span // 3600) % {"n": span // 3600}
    else:
        amount = ngettext("%(n)d day", "%(n)d days", span // 86400) % {"n": span // 86400}
    if seconds < 0:
        return _("overdue by %(time)s") % {"time": amount}
    return _("due in %(time)s") % {"time": amount}


@dataclass(frozen=True)
class QueueRow:
    work_order: WorkOrder
    overdue: bool
    time_left: str
    can_start: bool
    can_confirm: bool


def queue_rows(work_orders, *, user, now=None) -> list[QueueRow]:
    """Rows for one page of a queue; the buttons shown are the ones the services would accept from this user."""
    now = now or timezone.now()
    quality = has_role(user, Role.QUALITY)
    rows = []
    for work_order in work_orders:
        finished = work_order.state not in WorkOrder.ACTIVE
        rows.append(
            QueueRow(
                work_order=work_order,
                overdue=getattr(work_order, "overdue", work_order.is_overdue(now)),
                time_left="" if finished else time_left_text(work_order.due_at, now),
                can_start=work_order.state == WorkOrder.State.OPEN and in_department(user, work_order),
                can_confirm=work_order.state == WorkOrder.State.RESOLVED and quality,
            )
        )
    return rows


def work_order_for_page(*, pk: int) -> WorkOrder | None:
    return work_orders_with_targets().select_related("pull__pulled_by", "pull__issue_code").filter(pk=pk).first()


def pull_complaints(pull: AndonPull) -> list:
    """The complaints behind a pull, in the order they joined it: the points a supplier must answer."""
    return [
        support.complaint
        for support in pull.supports.exclude(complaint=None).select_related("complaint__customer", "complaint__lot", "complaint__issue_code")
    ]


def pull_supports(pull: AndonPull) -> list[PullSupport]:
    return list(pull.supports.select_related("agent", "complaint__customer", "complaint__lot").order_by("at", "id"))


def work_order_timeline(work_order: WorkOrder) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(WorkOrder), object_id=str(work_order.pk)
        ).select_related("actor").order_by("at", "id")
    )


def held_orders_of(work_order: WorkOrder) -> list[Order]:
    return list(work_order.held_orders.select_related("customer").order_by("placed_at", "id"))


def shipped_orders_for_follow_up(work_order: WorkOrder) -> list[Order]:
    """Orders with the product that had already left the warehouse: nothing to hold, customers to follow up."""
    if work_order.kind != WorkOrder.Kind.WAREHOUSE or work_order.pull.product_id is None:
        return []
    return list(
        Order.objects.filter(status__in=FOLLOW_UP_STATUSES, lines__product_id=work_order.pull.product_id)
        .select_related("customer").distinct().order_by("-placed_at", "-id")[:FOLLOW_UP_LIMIT]
    )


def lots_of_pulled_product(work_order: WorkOrder) -> list[Lot]:
    if work_order.pull.product_id is None:
        return []
    return list(Lot.objects.filter(product_id=work_order.pull.product_id).order_by("received_on", "id"))


def complained_lot_ids(pull: AndonPull) -> set[int]:
    return set(pull.supports.exclude(complaint__lot=None).values_list("complaint__lot_id", flat=True))


def review_for_page(*, pk: int) -> RootCauseReview | None:
    return (
        RootCauseReview.objects.select_related("owner", "pull__product", "pull__partner", "pull__process", "pull__issue_code")
        .prefetch_related("whys")
        .filter(pk=pk)
        .first()
    )


def review_actions(review: RootCauseReview) -> list:
    return list(review.actions.select_related("owner").order_by("due_on", "id"))


def review_of(pull: AndonPull) -> RootCauseReview | None:
    return RootCauseReview.objects.filter(pull=pull).first()


def staff_users():
    """People a corrective action can be given to: anyone holding a staff role."""
    return get_user_model().objects.filter(is_active=True, groups__name__in=Role.values).distinct().order_by("username")
