"""Reads of the andon: the cord's panel beside a complaint or a product, and the board on the floor."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext as _

from flywheel.models import AuditEvent, Product
from members.orders.selectors import product_gmv
from tickets.models import Complaint, IssueCode, Process
from tickets.complaints.selectors import RuleStatus, rule_status, rule_statuses
from tickets.targets import kind_of, target_key

from andon.reviews.models import CorrectiveAction, RootCauseReview
from andon.verdicts.models import PullVerdict
from andon.work_orders.models import Department, DepartmentLead, SupplierAnswer, WorkOrder
from andon.work_orders.policy import department_owner
from andon.work_orders.selectors import overdue_expression

from .models import AndonPull, AndonWarning, PullComplaint

# The board colours a pull by how long its target has been stopped: fresh pulls are amber, a day
# without a fix is red. The browser recolours rows as they age, from these same numbers.
AGE_AMBER_UNDER = timedelta(hours=1)
AGE_ORANGE_UNDER = timedelta(hours=24)


def gmv_at_stake(target) -> Decimal:
    """The target's sales over the last 30 days; only products sell through the storefront yet."""
    return product_gmv(product=target) if isinstance(target, Product) else Decimal("0.00")


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


def open_pull_of_complaint() -> Subquery:
    """Per complaint row (`OuterRef("pk")`): the id of the open pull it is on (pulled from, met the
    rule or +1), or NULL. Filled into tickets' `open_pulls` hook for the console queue."""
    return Subquery(
        PullComplaint.objects.filter(complaint=OuterRef("pk"), pull__state=AndonPull.State.OPEN)
        .order_by("-pull__pulled_at", "-pull_id")
        .values("pull_id")[:1]
    )


def pull_page_url(pull_id: int) -> str:
    """The pull's staff page (target, work orders, review, timeline)."""
    return reverse("andon:pull", args=[pull_id])


def open_pull_on(target) -> AndonPull | None:
    return (
        AndonPull.objects.filter(target_key=target_key(target), state=AndonPull.State.OPEN)
        .select_related("pulled_by")
        .annotate(complaint_count=Count("pull_complaints"))
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
            and PullComplaint.objects.filter(pull=open_pull, complaint=complaint).exists()
        ),
    )


@dataclass(frozen=True)
class IssuePickerPanel:
    """The cord for a target before any issue is chosen: the agent picks the issue code in the form.

    Agents often settle and resolve the complaints first and pull afterwards, so a target with no
    open complaint still needs a cord. The rule is counted per issue code, so this panel shows none.
    """

    target: object
    kind: str
    issue_codes: list[IssueCode]
    gmv_at_stake: object
    stopped: bool
    open_pull: object
    issue_code = None
    complaint = None
    rule = None
    complaint_on_open_pull = False

    @property
    def dom_id(self) -> str:
        return f"andon-panel-{self.kind}-{self.target.pk}-any-issue"


@dataclass(frozen=True)
class TargetPanels:
    """Every cord on a target's console page: one with an issue picker, one per issue code."""

    any_issue: IssuePickerPanel
    by_issue_code: dict[int, AndonPanel]


def target_panels(*, target, issue_codes: list[IssueCode]) -> TargetPanels:
    """The panels of a target's page in a fixed number of queries, however many issue codes: the
    target's open pull, sales and state are read once, the rule for every issue code in one query."""
    kind = kind_of(target)
    open_pull = open_pull_on(target)
    gmv, stopped = gmv_at_stake(target), kind.is_stopped(target)
    rules = rule_statuses(target=target, issue_codes=issue_codes)
    return TargetPanels(
        any_issue=IssuePickerPanel(
            target=target, kind=kind.name,
            issue_codes=list(IssueCode.objects.filter(active=True)),  # drawn in both forms: read once
            gmv_at_stake=gmv, stopped=stopped, open_pull=open_pull,
        ),
        by_issue_code={
            code.pk: AndonPanel(
                target=target, kind=kind.name, issue_code=code, complaint=None, rule=rules[code.pk],
                gmv_at_stake=gmv, stopped=stopped, open_pull=open_pull, complaint_on_open_pull=False,
            )
            for code in issue_codes
        },
    )


# --- The board -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Blocker:
    """What a pull waits for before its target comes back: an active work order, or the open review."""

    kind: str  # "work_order" or "review"
    pk: int
    label: str  # the department ("warehouse and logistics") or "root-cause review"
    state: str  # the state as the page shows it ("in progress")
    due_at: object = None  # a work order's due time; None for a review
    overdue: bool = False  # overdue_now (andon/work_orders/models.py), as the database answered it


def blockers_of(pull: AndonPull) -> list[Blocker]:
    """The pull's active work orders, soonest due first; only when none is left, its open review.

    Reads `pull.active_work_orders` (prefetched, with `overdue` annotated) and `pull.review`
    (selected): no query of its own.
    """
    work_orders = [
        Blocker(
            kind="work_order", pk=work_order.pk, label=work_order.get_department_display(),
            state=work_order.get_state_display(), due_at=work_order.due_at, overdue=work_order.overdue,
        )
        for work_order in pull.active_work_orders
    ]
    if work_orders:
        return work_orders
    try:
        review = pull.review
    except RootCauseReview.DoesNotExist:
        return []
    if review.state != RootCauseReview.State.OPEN:
        return []
    return [Blocker(kind="review", pk=review.pk, label=_("root-cause review"), state=review.get_state_display())]


@dataclass(frozen=True)
class BoardRow:
    pull: AndonPull
    age: timedelta
    blockers: list[Blocker] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        """One of the pull's work orders is past due: the board marks the row."""
        return any(blocker.overdue for blocker in self.blockers)

    @property
    def level(self) -> str:
        return age_level(self.age)

    @property
    def age_text(self) -> str:
        """What the board shows before the browser starts ticking: 0:42:07, or 3 d 04:10 past a day."""
        return format_age(self.age)


@dataclass(frozen=True)
class BoardWarning:
    warning: AndonWarning
    age: timedelta

    @property
    def age_text(self) -> str:
        return format_age(self.age)


@dataclass(frozen=True)
class Board:
    rows: list[BoardRow]
    stopped_processes: list[Process]
    now: object = field(default=None)
    warnings: list[BoardWarning] = field(default_factory=list)

    @property
    def open_pulls(self) -> int:
        return len(self.rows)

    @property
    def gmv_at_stake(self) -> Decimal:
        return sum((row.pull.gmv_at_stake for row in self.rows), Decimal("0.00"))


def open_pulls_for_board(*, now=None) -> QuerySet[AndonPull]:
    """Every open pull, oldest first, with its target, complaint count and review in one query, and
    its active work orders (the `overdue` flag annotated) in a second, however many pulls."""
    active_work_orders = (
        WorkOrder.objects.filter(state__in=WorkOrder.ACTIVE)
        .annotate(overdue=overdue_expression(now or timezone.now()))
        .order_by("due_at", "id")
    )
    return (
        AndonPull.objects.filter(state=AndonPull.State.OPEN)
        .select_related("product", "partner", "process", "pulled_by", "issue_code", "review")
        .annotate(complaint_count=Count("pull_complaints"))
        .prefetch_related(Prefetch("work_orders", queryset=active_work_orders, to_attr="active_work_orders"))
        .order_by("pulled_at", "id")
    )


def open_warnings_for_board() -> QuerySet[AndonWarning]:
    """Warnings still standing, oldest first: not closed, and no pull on their target since (a pull
    made at or after the warning, or one still open, has taken the warning's place on the board)."""
    pulled_since = AndonPull.objects.filter(target_key=OuterRef("target_key")).filter(
        Q(pulled_at__gte=OuterRef("warned_at")) | Q(state=AndonPull.State.OPEN)
    )
    return (
        AndonWarning.objects.filter(closed_at__isnull=True)
        .exclude(Exists(pulled_since))
        .select_related("product", "partner", "process", "warned_by", "issue_code")
        .order_by("warned_at", "id")
    )


def andon_board(*, now=None) -> Board:
    """The board: open pulls with what blocks each, stopped processes and standing warnings, in a
    fixed number of queries (four) whatever the number of pulls and warnings."""
    now = now or timezone.now()
    return Board(
        rows=[
            BoardRow(pull=pull, age=max(now - pull.pulled_at, timedelta(0)), blockers=blockers_of(pull))
            for pull in open_pulls_for_board(now=now)
        ],
        stopped_processes=list(Process.objects.filter(lamp=Process.Lamp.RED).order_by("name")),
        now=now,
        warnings=[
            BoardWarning(warning=warning, age=max(now - warning.warned_at, timedelta(0)))
            for warning in open_warnings_for_board()
        ],
    )


# --- The pull's page -----------------------------------------------------------------------
# Read here, beside the pull, although it gathers the work orders, the review and the verdict:
# each of those exists only for a pull, and the page is the pull's. Models only: a read writes nothing.

# A pull with thousands of "+1"s would draw a page nobody reads to the end: the timeline stops here
# and says so (the admin's audit events hold the rest).
PULL_TIMELINE_LIMIT = 500
TARGET_EVENTS_MARGIN = timedelta(minutes=1)


@dataclass(frozen=True)
class WorkOrderRow:
    """A work order on the pull's page, and who it waits for now (nobody once it is closed or cancelled)."""

    work_order: WorkOrder
    overdue: bool
    waiting_on: str  # a department's name, "" when finished
    waiting_for: object  # the person to ask: the assignee, the named owner or the department's lead; None if nobody is named


@dataclass(frozen=True)
class PullPage:
    """Everything the pull's page shows, read in a fixed number of queries whatever the pull's size."""

    pull: AndonPull
    supports: list
    complaint_links: list[PullComplaint]
    work_orders: list[WorkOrderRow]
    review: RootCauseReview | None
    verdict: PullVerdict | None
    timeline: list[AuditEvent]
    timeline_cut: bool
    now: object

    @property
    def holding_up(self) -> list[WorkOrderRow]:
        """The work orders the target still waits for, overdue ones first."""
        return sorted((row for row in self.work_orders if row.waiting_on), key=lambda row: (not row.overdue, row.work_order.due_at))

    @property
    def review_holds_up(self) -> bool:
        """The work is done but the review is not: the pull cannot close (SPEC, root-cause review)."""
        return self.review is not None and self.review.state == RootCauseReview.State.OPEN


def pull_for_page(*, pk: int) -> AndonPull | None:
    """The pull with its target, its owners, its people and its review in one query; None when there is none."""
    return (
        AndonPull.objects.select_related(
            "product__supplier__vendor_manager", "partner__partner_manager", "process__owner", "issue_code", "pulled_by",
            "team", "team_manager", "review__owner",
        )
        .filter(pk=pk)
        .first()
    )


def _review_of(pull: AndonPull) -> RootCauseReview | None:
    try:
        return pull.review  # read with the pull (select_related): no query
    except ObjectDoesNotExist:
        return None


def _waiting(work_order: WorkOrder, pull: AndonPull, leads: dict) -> tuple[str, object]:
    """Who must act next on an active work order: its department until resolved, then quality to confirm."""
    if work_order.state in (WorkOrder.State.RESOLVED, WorkOrder.State.CONFIRMED):
        return Department(Department.QUALITY).label, leads.get(Department.QUALITY)
    if work_order.state not in WorkOrder.ACTIVE:
        return "", None
    person = work_order.assignee or department_owner(pull, work_order.department) or leads.get(work_order.department)
    return work_order.get_department_display(), person


def _audit_of(model, ids) -> Q:
    # By the content type's natural key, joined in the same query: the ContentType cache would add
    # a query whenever it is cold, and the page's query count is pinned.
    return Q(content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name, object_id__in=ids)


def _target_events(pull: AndonPull) -> Q:
    """The target's own rows while this pull held it: off sale (or red) at the pull, back (or retired) at its end.

    A target has one open pull at a time, so the rows from the pull until its target came back are this pull's.
    """
    target = pull.target
    if target is None:
        return Q(pk__in=[])
    scope = _audit_of(type(target), [str(target.pk)]) & Q(at__gte=pull.pulled_at)
    end = pull.relisted_at or pull.retired_at or pull.closed_at
    # The service stamps relisted_at a moment before it writes the relist's own audit row (same
    # transaction): the margin keeps that row, and is far shorter than any next pull's story.
    return scope & Q(at__lte=end + TARGET_EVENTS_MARGIN) if end else scope


def pull_timeline(pull: AndonPull, *, work_order_ids: list[int], review: RootCauseReview | None, limit: int = PULL_TIMELINE_LIMIT) -> list[AuditEvent]:
    """Every audit row of the pull, its work orders (and their suppliers' answers), its review (and its
    corrective actions) and its target while stopped, oldest first, with who did it; at most `limit` + 1 rows
    (one more than shown tells the page there are more). One query."""
    as_text = Cast("pk", output_field=CharField())
    scope = (
        _audit_of(AndonPull, [str(pull.pk)])
        | _audit_of(WorkOrder, [str(pk) for pk in work_order_ids])
        | _audit_of(SupplierAnswer, SupplierAnswer.objects.filter(work_order__pull=pull).annotate(key=as_text).values("key"))
        | _target_events(pull)
    )
    if review is not None:
        scope |= _audit_of(RootCauseReview, [str(review.pk)]) | _audit_of(
            CorrectiveAction, CorrectiveAction.objects.filter(review=review).annotate(key=as_text).values("key")
        )
    return list(AuditEvent.objects.filter(scope).select_related("actor", "content_type").order_by("at", "id")[: limit + 1])


def pull_page(pull: AndonPull, *, now=None) -> PullPage:
    """The pull's page: its people, complaints, work orders with who holds them up, review, verdict and timeline.

    Seven queries after `pull_for_page`, however many work orders, complaints or events the pull has.
    """
    now = now or timezone.now()
    review = _review_of(pull)
    leads = {row.department: row.lead for row in DepartmentLead.objects.select_related("lead")}
    work_orders = list(pull.work_orders.select_related("assignee").order_by("pk"))
    rows = []
    for work_order in work_orders:
        work_order.pull = pull  # the one already read, with its target's owners
        waiting_on, waiting_for = _waiting(work_order, pull, leads)
        rows.append(WorkOrderRow(work_order=work_order, overdue=work_order.is_overdue(now), waiting_on=waiting_on, waiting_for=waiting_for))
    timeline = pull_timeline(pull, work_order_ids=[work_order.pk for work_order in work_orders], review=review)
    return PullPage(
        pull=pull,
        supports=list(pull.supports.select_related("agent", "complaint__customer").order_by("at", "id")),
        complaint_links=list(
            pull.pull_complaints.select_related("complaint__customer", "complaint__issue_code", "complaint__lot", "attached_by")
            .order_by("attached_at", "id")
        ),
        work_orders=rows,
        review=review,
        verdict=PullVerdict.objects.filter(pull=pull, current=True).select_related("given_by").first(),
        timeline=timeline[:PULL_TIMELINE_LIMIT],
        timeline_cut=len(timeline) > PULL_TIMELINE_LIMIT,
        now=now,
    )
