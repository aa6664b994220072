"""Reads of the andon: the cord's panel beside a complaint or a product, and the board on the floor."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext as _

from flywheel.models import Product
from members.orders.selectors import product_gmv
from tickets.models import Complaint, IssueCode, Process
from tickets.complaints.selectors import RuleStatus, rule_status, rule_statuses
from tickets.targets import kind_of, target_key

from .models import AndonPull, PullComplaint

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
    """Where a pull is shown to the console's users today: its row on the andon board."""
    return f"{reverse('andon:board')}#pull-{pull_id}"


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
        .annotate(complaint_count=Count("pull_complaints"))
        .order_by("pulled_at", "id")
    )


def andon_board(*, now=None) -> Board:
    now = now or timezone.now()
    return Board(
        rows=[BoardRow(pull=pull, age=max(now - pull.pulled_at, timedelta(0))) for pull in open_pulls_for_board()],
        stopped_processes=list(Process.objects.filter(lamp=Process.Lamp.RED).order_by("name")),
        now=now,
    )
