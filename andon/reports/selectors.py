"""Report selectors: the relist rate (who came back after a pull) and the Pareto of causes.

Every count and mean is computed by the database, and the database picks each group's median row
(or two middle rows, which Python averages): a fixed number of queries per report whatever the
volume. Python otherwise only divides two counts and sorts a few dozen rows for display.

A target is counted once per period: "pulled" if it was pulled at least once in the period,
"relisted" if its latest pull in the period brought it back. Only products and partners have a
listing to come back to, so processes (which restart rather than relist) are left out.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


from andon.pulls.models import AndonPull
from andon.reviews.models import CorrectiveAction, RootCauseReview, overdue_actions
from andon.work_orders.models import WorkOrder


# A day far outside these turns into a time before year 1 or after 9999 once a report takes the
# day's midnight in UTC or the day after its end: Python cannot represent it (a 500, not a 400).
FIRST_REPORT_DAY = date(1900, 1, 1)
LAST_REPORT_DAY = date(2999, 12, 31)

DEFAULT_PERIOD_DAYS = 90
REPORTED_KINDS = (AndonPull.TargetKind.PRODUCT, AndonPull.TargetKind.PARTNER)
ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")

TIME_TO_RELIST = ExpressionWrapper(F("relisted_at") - F("pulled_at"), output_field=DurationField())
RELISTED = Q(relisted_at__isnull=False)


@dataclass(frozen=True)
class Period:
    """Calendar days, both ends included, in the site's time zone."""

    start: date
    end: date

    @property
    def ends_before_it_starts(self) -> bool:
        """A period no report can read: the forms and the API refuse it with BACKWARDS_PERIOD."""
        return self.start > self.end

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


BACKWARDS_PERIOD = _("The period must end on or after the day it starts.")


def period_asked(*, start: date | None = None, end: date | None = None) -> Period:
    """The period a reader asked for, the gaps filled the one way every report does it: `end`
    defaults to today, `start` to 90 days (both ends included) before `end`. May end before it
    starts (a `from` after today): the caller refuses that."""
    end = end or timezone.localdate()
    return Period(start=start or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1), end=end)


def default_period(today: date | None = None) -> Period:
    """The last 90 days, today included."""
    return period_asked(end=today)


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` as a percentage with two decimals (2 of 3 -> 66.67); None when nothing to divide.

    Two decimals, and every page and answer shows the two counts beside the rate, so a small
    cohort's 66.67% reads as the 2 of 3 it is.
    """
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP)


def hours(duration: timedelta | None) -> Decimal | None:
    """A duration in hours with one decimal, as the tables and the JSON show it."""
    if duration is None:
        return None
    return (Decimal(duration.total_seconds()) / 3600).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _bilingual(name: str, name_zh: str | None) -> str:
    if (get_language() or "").startswith("zh") and name_zh:
        return name_zh
    return name


# --- Relist rate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RelistGroup:
    key: str
    label: str
    pulled: int
    relisted: int
    mean_time_to_relist: timedelta | None
    median_time_to_relist: timedelta | None

    @property
    def rate(self) -> Decimal | None:
        return percent(self.relisted, self.pulled)

    @property
    def mean_hours(self) -> Decimal | None:
        return hours(self.mean_time_to_relist)

    @property
    def median_hours(self) -> Decimal | None:
        return hours(self.median_time_to_relist)


@dataclass(frozen=True)
class NeverBack:
    """A target whose latest pull in the period did not bring it back: retired, or still off."""

    pull: AndonPull

    @property
    def retired(self) -> bool:
        return self.pull.retired_at is not None

    @property
    def status(self) -> str:
        return str(_("retired")) if self.retired else str(_("still off"))

    @property
    def failing_outcome(self) -> str:
        outcome = self.pull.failing_outcome
        return str(WorkOrder.Outcome(outcome).label) if outcome else ""


@dataclass(frozen=True)
class RelistReport:
    period: Period
    products_pulled: int
    products_relisted: int
    partners_pulled: int
    partners_relisted: int
    by_supplier: list[RelistGroup]
    by_cohort: list[RelistGroup]
    by_category: list[RelistGroup]
    by_subcategory: list[RelistGroup]
    never_back: list[NeverBack]

    @property
    def products_rate(self) -> Decimal | None:
        return percent(self.products_relisted, self.products_pulled)

    @property
    def partners_rate(self) -> Decimal | None:
        return percent(self.partners_relisted, self.partners_pulled)


def latest_pulls(period: Period) -> QuerySet:
    """One pull per target: its latest in the period (ties on pulled_at broken by id)."""
    start, end = period.bounds
    in_period = AndonPull.objects.filter(pulled_at__gte=start, pulled_at__lt=end)
    later = in_period.filter(target_key=OuterRef("target_key")).filter(
        Q(pulled_at__gt=OuterRef("pulled_at")) | Q(pulled_at=OuterRef("pulled_at"), pk__gt=OuterRef("pk"))
    )
    return in_period.filter(target_kind__in=REPORTED_KINDS).filter(~Exists(later))


# How each grouping finds its group and names it: (kind, key, name, Chinese name, the parent's two names).
GROUPINGS = {
    "supplier": (
        AndonPull.TargetKind.PRODUCT, F("product__supplier_id"), F("product__supplier__name"),
        F("product__supplier__name_zh"), None,
    ),
    "cohort": (AndonPull.TargetKind.PARTNER, TruncMonth("partner__admitted_on"), None, None, None),
    "category": (
        AndonPull.TargetKind.PRODUCT,
        Coalesce("product__category__parent_id", "product__category_id"),
        Coalesce("product__category__parent__name", "product__category__name"),
        Coalesce("product__category__parent__name_zh", "product__category__name_zh"),
        None,
    ),
    "subcategory": (
        AndonPull.TargetKind.PRODUCT, F("product__category_id"), F("product__category__name"),
        F("product__category__name_zh"), (F("product__category__parent__name"), F("product__category__parent__name_zh")),
    ),
}


def _groups(latest: QuerySet, grouping: str) -> list[RelistGroup]:
    kind, key, name, name_zh, parent = GROUPINGS[grouping]
    pulls = latest.filter(target_kind=kind).annotate(group=key)
    names = {}
    if name is not None:
        pulls = pulls.annotate(group_name=name, group_name_zh=name_zh)
        names = {"group_name", "group_name_zh"}
    if parent is not None:
        pulls = pulls.annotate(group_parent=parent[0], group_parent_zh=parent[1])
        names |= {"group_parent", "group_parent_zh"}
    rows = pulls.values("group", *sorted(names)).annotate(
        pulled=Count("target_key", distinct=True),
        relisted=Count("target_key", distinct=True, filter=RELISTED),
        mean=Avg(TIME_TO_RELIST, filter=RELISTED),
    ).order_by("group")
    medians = _medians(latest.filter(target_kind=kind), key)
    groups = [
        RelistGroup(
            key=_key_text(row["group"]),
            label=_label(grouping, row),
            pulled=row["pulled"],
            relisted=row["relisted"],
            mean_time_to_relist=row["mean"],
            median_time_to_relist=medians.get(row["group"]),
        )
        for row in rows
    ]
    if grouping == "cohort":
        return groups  # chronological, as grouped
    # Worst first: the lowest rate is what a reader of this report came for.
    return sorted(groups, key=lambda group: (group.rate if group.rate is not None else Decimal(101), -group.pulled, group.label))


def _medians(pulls: QuerySet, key) -> dict:
    """The median time to relist per group: the middle row (or the mean of the two middle rows) of each."""
    ranked = (
        pulls.filter(RELISTED)
        .annotate(
            group=key,
            time_to_relist=TIME_TO_RELIST,
            position=Window(RowNumber(), partition_by=[key], order_by=[TIME_TO_RELIST.asc(), F("pk").asc()]),
            size=Window(Count("pk"), partition_by=[key]),
        )
        # (size + 1) / 2 and (size + 2) / 2 in integer division are the one or two middle positions.
        .filter(position__gte=(F("size") + 1) / 2, position__lte=(F("size") + 2) / 2)
    )
    middles: dict = {}
    for group, time_to_relist in ranked.values_list("group", "time_to_relist"):
        middles.setdefault(group, []).append(time_to_relist)
    return {group: sum(values, timedelta()) / len(values) for group, values in middles.items()}


def _key_text(key) -> str:
    return key.strftime("%Y-%m") if isinstance(key, (date, datetime)) else str(key)


def _label(grouping: str, row: dict) -> str:
    if grouping == "cohort":
        return _key_text(row["group"])
    label = _bilingual(row["group_name"], row["group_name_zh"])
    if grouping == "subcategory" and row.get("group_parent"):
        return f"{_bilingual(row['group_parent'], row['group_parent_zh'])} › {label}"
    return label


def never_back(latest: QuerySet) -> list[NeverBack]:
    """Targets that did not come back, with the pull's reason and, when retired, the failing work order's finding."""
    failing = WorkOrder.objects.filter(pull=OuterRef("pk"), outcome=WorkOrder.Outcome.INSPECTION_FAILED).order_by("-pk")
    pulls = (
        latest.filter(relisted_at__isnull=True)
        .select_related("product__supplier", "partner", "issue_code")
        .annotate(
            failing_work_order=Subquery(failing.values("pk")[:1]),
            failing_outcome=Subquery(failing.values("outcome")[:1]),
            failing_notes=Subquery(failing.values("notes")[:1]),
        )
        .order_by("pulled_at", "pk")
    )
    return [NeverBack(pull=pull) for pull in pulls]


def relist_rate_report(period: Period) -> RelistReport:
    latest = latest_pulls(period)
    product, partner = Q(target_kind=AndonPull.TargetKind.PRODUCT), Q(target_kind=AndonPull.TargetKind.PARTNER)
    totals = latest.aggregate(
        products_pulled=Count("target_key", distinct=True, filter=product),
        products_relisted=Count("target_key", distinct=True, filter=product & RELISTED),
        partners_pulled=Count("target_key", distinct=True, filter=partner),
        partners_relisted=Count("target_key", distinct=True, filter=partner & RELISTED),
    )
    return RelistReport(
        period=period,
        **totals,
        by_supplier=_groups(latest, "supplier"),
        by_cohort=_groups(latest, "cohort"),
        by_category=_groups(latest, "category"),
        by_subcategory=_groups(latest, "subcategory"),
        never_back=never_back(latest),
    )


# --- Pareto ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParetoBar:
    """One bar: `count` of `total` is its `share`; `running` of `total`, counted largest first, is `cumulative`."""

    key: str
    label: str
    count: int
    share: Decimal
    cumulative: Decimal
    running: int
    total: int


@dataclass(frozen=True)
class ParetoReport:
    period: Period
    cause_categories: list[ParetoBar]
    issue_codes: list[ParetoBar]
    overdue_actions: list[CorrectiveAction]

    @property
    def reviews_completed(self) -> int:
        return sum(bar.count for bar in self.cause_categories)

    @property
    def pulls(self) -> int:
        return sum(bar.count for bar in self.issue_codes)


def pareto(rows: list[tuple[str, str, int]]) -> list[ParetoBar]:
    """Bars sorted by count (largest first, ties by label) with each one's share and the running share."""
    rows = sorted(rows, key=lambda row: (-row[2], row[1]))
    total = sum(count for _key, _label, count in rows)
    bars, running = [], 0
    for key, label, count in rows:
        running += count
        bars.append(ParetoBar(
            key=key, label=label, count=count, share=percent(count, total), cumulative=percent(running, total),
            running=running, total=total,
        ))
    return bars


def cause_category_counts(period: Period) -> list[tuple[str, str, int]]:
    start, end = period.bounds
    rows = (
        RootCauseReview.objects.filter(state=RootCauseReview.State.COMPLETE, completed_at__gte=start, completed_at__lt=end)
        .values("cause_category")
        .annotate(count=Count("pk"))
        .order_by()
    )
    labels = dict(RootCauseReview.CauseCategory.choices)
    return [(row["cause_category"], capfirst(labels.get(row["cause_category"], row["cause_category"])), row["count"]) for row in rows]


def issue_code_counts(period: Period) -> list[tuple[str, str, int]]:
    start, end = period.bounds
    rows = (
        AndonPull.objects.filter(pulled_at__gte=start, pulled_at__lt=end)
        .values("issue_code__code", "issue_code__name", "issue_code__name_zh")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [
        (row["issue_code__code"], _bilingual(row["issue_code__name"], row["issue_code__name_zh"]), row["count"])
        for row in rows
    ]


def overdue_corrective_actions(today: date | None = None) -> QuerySet:
    """Corrective actions not done and past their due date, oldest due first."""
    today = today or timezone.localdate()
    return (
        CorrectiveAction.objects.filter(overdue_actions(today))
        .select_related("owner", "review__pull")
        .order_by("due_on", "pk")
    )


def pareto_report(period: Period, today: date | None = None) -> ParetoReport:
    return ParetoReport(
        period=period,
        cause_categories=pareto(cause_category_counts(period)),
        issue_codes=pareto(issue_code_counts(period)),
        overdue_actions=list(overdue_corrective_actions(today)),
    )
