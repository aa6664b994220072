"""Report selectors: the relist rate (who came back after a pull) and the Pareto of causes.

Every count and mean is computed by the database, and the database picks each group's median row
(or two middle rows, which Python averages): a fixed number of queries per report whatever the
volume. Python otherwise only divides two counts and sorts a few dozen rows for display.

A target is counted once per period: "pulled" if it was pulled at least once in the period,
"relisted" if its latest pull in the period brought it back. Only products and partners have a
listing to come back to, so processes (which restart rather than relist) are left out.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Case,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


from andon.pulls.models import AndonPull, BadPullCategory, PullSupport, Verdict
from andon.verdicts.models import VerdictSecondOpinion
from andon.reviews.models import CorrectiveAction, RootCauseReview, overdue_actions
from andon.work_orders.models import WorkOrder, overdue_now
from members.models import Team, TeamMembership
from tickets.models import Complaint


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

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same number of days that ends the day before this one starts: what a
        report compares with unless the reader chooses another."""
        end = self.start - timedelta(days=1)
        return Period(start=end - timedelta(days=self.days - 1), end=end)


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


def relist_rate_report(period: Period, *, with_never_back: bool = True) -> RelistReport:
    """The relist rates of `period`, in total and by grouping; the targets never back unless
    `with_never_back` is False (a comparison period needs only the rates)."""
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
        never_back=never_back(latest) if with_never_back else [],
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


def pareto_bars(period: Period) -> tuple[list[ParetoBar], list[ParetoBar]]:
    """The cause-category and issue-code bars of `period` alone (two queries): what a comparison needs."""
    return pareto(cause_category_counts(period)), pareto(issue_code_counts(period))


def pareto_report(period: Period, today: date | None = None) -> ParetoReport:
    return ParetoReport(
        period=period,
        cause_categories=pareto(cause_category_counts(period)),
        issue_codes=pareto(issue_code_counts(period)),
        overdue_actions=list(overdue_corrective_actions(today)),
    )


# --- The weekly bad-pull report (the manager's Monday) ----------------------------------------
#
# SPEC, "Review, bonus and the bad-pull rate", and issue 10: for a team (its manager at pull time)
# and an ISO week in TIME_ZONE, the week's pulls are those pulled in that week; the bad-pull rate is
# bad / with a verdict among them; pulls without a verdict are the verdict backlog, not in the rate.
# Every figure is grouped by (team, ISO week) in the database, one query per kind of figure, so a
# report of any number of weeks, teams and pulls costs the same number of queries (pinned in tests).

TWO_DECIMALS = Decimal("0.01")
TREND_WEEKS = 12


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week: Monday 00:00 to the next Monday 00:00 in the site's time zone."""

    iso_year: int
    iso_week: int

    @classmethod
    def of(cls, moment: datetime | date) -> "Week":
        day = timezone.localtime(moment).date() if isinstance(moment, datetime) else moment
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def current(cls) -> "Week":
        return cls.of(timezone.now())

    @classmethod
    def parse(cls, text: str) -> "Week":
        """"2026-W48" (ISO 8601); ValueError for anything else or a week that does not exist."""
        year, _sep, week = (text or "").strip().upper().partition("-W")
        if not (year.isdigit() and week.isdigit() and len(year) == 4):
            raise ValueError(text)
        monday = date.fromisocalendar(int(year), int(week), 1)  # ValueError for week 53 of a 52-week year
        if not FIRST_REPORT_DAY <= monday <= LAST_REPORT_DAY:
            raise ValueError(text)
        return cls(int(year), int(week))

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.iso_year, self.iso_week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return Period(self.monday, self.sunday).bounds

    @property
    def key(self) -> int:
        """What the database groups by: ISO year * 100 + ISO week (202648)."""
        return self.iso_year * 100 + self.iso_week

    def shifted(self, weeks: int) -> "Week":
        return Week.of(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.iso_year}-W{self.iso_week:02d}"


def weeks_ending(last: Week, count: int) -> list[Week]:
    """`count` consecutive weeks ending with `last`, oldest first."""
    return [last.shifted(offset) for offset in range(1 - count, 1)]


def week_of(field: str, weeks: list[Week]):
    """The key (ISO year * 100 + ISO week) of the week among `weeks` (consecutive, oldest first) in
    which a datetime field falls, in the site's time zone, for rows already restricted to `weeks`
    (`_in_weeks`). Each week's end is computed here, once; the database only compares the stored
    instant with them. Converting every row to local time and extracting its ISO week (as a
    per-row `AT TIME ZONE`) cost more than the index range that found the rows.

    PostgreSQL finds the week with one `width_bucket` (a binary search of the ends) instead of a
    CASE of one comparison per week, which also costs Django less to build, once per query."""
    zone = timezone.get_current_timezone()
    ends = [(week.key, datetime.combine(week.monday + timedelta(weeks=1), time.min, tzinfo=zone)) for week in weeks]
    if connection.vendor == "postgresql":
        return WeekBucket(F(field), keys=[key for key, _end in ends], ends=[end for _key, end in ends])
    return Case(*(When(**{f"{field}__lt": end}, then=Value(key)) for key, end in ends), output_field=IntegerField())


class WeekBucket(Func):
    """PostgreSQL: `keys[i]` for the i-th of `ends` (ascending instants) that the datetime is before
    and the one before it is not: the CASE of `week_of` in one expression. An instant before the
    first end is in the first week, one on or after the last end in none (NULL), as in the CASE."""

    output_field = IntegerField()

    def __init__(self, expression, *, keys: list[int], ends: list[datetime]):
        super().__init__(expression)
        self.keys, self.ends = list(keys), list(ends)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        # width_bucket counts the ends at or before the instant (0 before the first); arrays count from 1.
        return f"(%s::integer[])[width_bucket({sql}, %s::timestamptz[]) + 1]", [self.keys, *params, self.ends]


def bad_pull_target() -> Decimal:
    """ANDON_BAD_PULL_TARGET as a fraction (0.02), read at call time."""
    return Decimal(str(settings.ANDON_BAD_PULL_TARGET))


@dataclass
class WeekFigures:
    """One team's (or, with `team` None, everyone's) figures for one ISO week.

    Counts are pulls; money is CNY; `median_hours_to_relist` is hours (pulls relisted that week,
    bad pulls excluded); ages are measured at `as_of`.
    """

    week: Week
    team_id: int | None
    as_of: datetime
    pulls: int = 0
    plus_ones: int = 0
    complaints: int = 0
    with_verdict: int = 0
    bad: int = 0
    rule_met: int = 0
    median_hours_to_relist: Decimal | None = None
    open_work_orders: int = 0
    overdue_work_orders: int = 0
    verdict_backlog: int = 0
    oldest_awaiting_since: datetime | None = None
    review_backlog: int = 0
    gmv_protected: Decimal = Decimal("0.00")
    bonuses_accrued: Decimal = Decimal("0.00")

    @property
    def bad_pull_rate(self) -> Decimal | None:
        """bad / with a verdict, percent with two decimals; None when no pull has a verdict yet."""
        return percent(self.bad, self.with_verdict)

    @property
    def breach(self) -> bool:
        """Strictly above ANDON_BAD_PULL_TARGET, compared exactly (not on the rounded percent)."""
        return bool(self.with_verdict) and Decimal(self.bad) > bad_pull_target() * self.with_verdict

    @property
    def pulls_per_100_complaints(self) -> Decimal | None:
        return percent(self.pulls, self.complaints)

    @property
    def oldest_awaiting_hours(self) -> Decimal | None:
        if self.oldest_awaiting_since is None:
            return None
        return hours(max(self.as_of - self.oldest_awaiting_since, timedelta(0)))

    @property
    def small_sample(self) -> bool:
        """Too few verdicts for a percentage to mean much alone: show "1 of 1" beside it."""
        return 0 < self.with_verdict < 20

    @property
    def rate_label(self) -> str:
        """"2.50% (5 of 200)": the counts always travel with the rate."""
        if self.bad_pull_rate is None:
            return "–"
        return str(_("%(rate)s%% (%(bad)s of %(judged)s)") % {"rate": self.bad_pull_rate, "bad": self.bad, "judged": self.with_verdict})


def _in_weeks(weeks: list[Week], field: str) -> Q:
    start, end = weeks[0].bounds[0], weeks[-1].bounds[1]
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _of_pulls_in(weeks: list[Week]) -> Q:
    """Rows (supports, work orders, reviews, bonus entries) of the pulls pulled in `weeks`: the join
    on the pull's `pulled_at` plus the same condition as a semi-join on `pull_id`. The second adds
    no row and removes none; it makes PostgreSQL start from the weeks' pulls (an index-only range of
    `pull_week_figures_idx`) and look each one's rows up by `pull_id`, instead of hashing the whole
    history of the child table, which grows with every week the report does not show."""
    return _in_weeks(weeks, "pull__pulled_at") & Q(pull__in=AndonPull.objects.filter(_in_weeks(weeks, "pulled_at")).values("pk"))


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set median: percentile_cont(0.5) WITHIN GROUP (ORDER BY expression)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _relist_medians(weeks: list[Week], by_team: bool) -> dict[tuple, timedelta]:
    """Median time to relist per (team, week of relisting) or per week alone; bad pulls excluded.

    PostgreSQL computes the median itself (percentile_cont). Elsewhere (SQLite, the first-run
    database) one window query returns each group's one or two middle rows and Python averages
    them: still one query whatever the volume.
    """
    relisted = AndonPull.objects.filter(_in_weeks(weeks, "relisted_at")).exclude(verdict=Verdict.BAD_PULL)
    relisted = relisted.annotate(week=week_of("relisted_at", weeks))
    group = ["team_id", "week"] if by_team else ["week"]
    if connection.vendor == "postgresql":
        rows = relisted.values(*group).annotate(median=PercentileCont(TIME_TO_RELIST)).order_by()
        return {tuple(row[name] for name in group): row["median"] for row in rows}
    partition = [F(name) for name in group]
    ranked = relisted.annotate(
        time_to_relist=TIME_TO_RELIST,
        position=Window(RowNumber(), partition_by=partition, order_by=[TIME_TO_RELIST.asc(), F("pk").asc()]),
        size=Window(Count("pk"), partition_by=partition),
    ).filter(position__gte=(F("size") + 1) / 2, position__lte=(F("size") + 2) / 2)
    middles: dict[tuple, list] = {}
    for row in ranked.values(*group, "time_to_relist"):
        middles.setdefault(tuple(row[name] for name in group), []).append(row["time_to_relist"])
    return {key: sum(values, timedelta()) / len(values) for key, values in middles.items()}


def _complaints_by_team(weeks: list[Week]) -> list[tuple[int | None, int, int]]:
    """(team id or None, week key, complaints) for complaints received in `weeks`, each counted for
    the team its agent was in on the day it arrived (latest start wins; None: no agent, or no team).

    Two queries: the memberships that overlap the weeks (a few per agent), then the complaints
    grouped in the database by agent and week, and by local day too for the few agents whose team
    may change inside the weeks (more than one membership there, or one starting or ending inside
    them); Python matches each group with its team. Grouping every agent by day returned thousands
    of rows to convert and match for the same answer; a subquery per complaint ran once per row.
    """
    zone = timezone.get_current_timezone()
    first_day, last_day = weeks[0].monday, weeks[-1].sunday
    memberships: dict[int, list] = {}
    overlapping = TeamMembership.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=first_day), started_on__lte=last_day)
    for membership in overlapping.order_by("-started_on", "-id").values("user_id", "team_id", "started_on", "ended_on"):
        memberships.setdefault(membership["user_id"], []).append(membership)
    steady = {
        user_id: spans[0]["team_id"]
        for user_id, spans in memberships.items()
        if len(spans) == 1 and spans[0]["started_on"] <= first_day and (spans[0]["ended_on"] is None or spans[0]["ended_on"] > last_day)
    }
    changing = sorted(set(memberships) - set(steady))
    day = (
        Case(When(taken_by_id__in=changing, then=TruncDate("created_at", tzinfo=zone)), default=None, output_field=DateField())
        if changing else Value(None, output_field=DateField())
    )
    rows = (
        Complaint.objects.filter(_in_weeks(weeks, "created_at"))
        .annotate(week=week_of("created_at", weeks), day=day)
        .values("taken_by_id", "week", "day").annotate(n=Count("*")).order_by()
    )
    counts: dict[tuple, int] = {}
    for row in rows:
        agent, on = row["taken_by_id"], row["day"]
        if on is None:  # an agent in one team (or none) all through the weeks, or no agent
            team_id = steady.get(agent)
        else:
            team_id = next(
                (m["team_id"] for m in memberships[agent] if m["started_on"] <= on and (m["ended_on"] is None or m["ended_on"] > on)),
                None,
            )
        key = (team_id, row["week"])
        counts[key] = counts.get(key, 0) + row["n"]
    return [(team_id, week, n) for (team_id, week), n in counts.items()]


def weekly_figures(weeks: list[Week], *, now: datetime | None = None) -> dict[tuple[int | None, Week], WeekFigures]:
    """Every team's figures, and the total (team None), for each of `weeks` (consecutive, oldest first).

    Returns {(team id or None, week): WeekFigures}; a team with no pull in a week still gets a row
    when it had complaints. Pulls by someone in no team count in the total only; so do complaints
    no agent (or an agent in no team) handled. Seven queries whatever the volume: the +1s and the
    bonuses come from the counts kept on each pull (`support_count`, `bonus_total`).
    """
    now = now or timezone.now()
    by_key = {week.key: week for week in weeks}
    figures: dict[tuple[int | None, Week], WeekFigures] = {}

    def row(team_id, key) -> WeekFigures:
        week = by_key[key]
        if (team_id, week) not in figures:
            figures[(team_id, week)] = WeekFigures(week=week, team_id=team_id, as_of=now)
        return figures[(team_id, week)]

    def add(team_id, key, **values) -> None:
        for target in (row(team_id, key), row(None, key)) if team_id is not None else (row(None, key),):
            for name, value in values.items():
                if name == "oldest_awaiting_since":
                    current = target.oldest_awaiting_since
                    target.oldest_awaiting_since = value if current is None or (value and value < current) else current
                elif value is not None:
                    setattr(target, name, getattr(target, name) + value)

    pulls = AndonPull.objects.filter(_in_weeks(weeks, "pulled_at")).annotate(week=week_of("pulled_at", weeks))
    awaiting, bad, judged = Q(verdict=""), Q(verdict=Verdict.BAD_PULL), ~Q(verdict="")
    for item in pulls.values("team_id", "week").annotate(
        n=Count("pk"),
        judged=Count("pk", filter=judged),
        bad=Count("pk", filter=bad),
        rule_met=Count("pk", filter=Q(rule_met=True)),
        backlog=Count("pk", filter=awaiting),
        oldest=Min("pulled_at", filter=awaiting),
        gmv=Sum("gmv_at_stake", filter=Q(verdict=Verdict.RULE_FOLLOWED)),
        # The counts the services keep on each pull (support_count, bonus_total), summed from the
        # same index: a pull's supports beyond its first are its +1s; its bonus ledger's total
        # (accruals less reversals and write-offs) is what it accrued.
        supports=Sum("support_count"),
        supported=Count("pk", filter=Q(support_count__gt=0)),
        bonuses=Sum("bonus_total"),
    ).order_by():
        add(item["team_id"], item["week"], pulls=item["n"], with_verdict=item["judged"], bad=item["bad"],
            rule_met=item["rule_met"], verdict_backlog=item["backlog"], oldest_awaiting_since=item["oldest"],
            gmv_protected=item["gmv"], plus_ones=item["supports"] - item["supported"], bonuses_accrued=item["bonuses"])

    for team_id, key, count in _complaints_by_team(weeks):
        add(team_id, key, complaints=count)

    # Only active work orders count, so only they are read: the groups they fall in already exist
    # (each is a group of the week's pulls), and closed ones, most of them, add nothing.
    work_orders = WorkOrder.objects.filter(_of_pulls_in(weeks), state__in=WorkOrder.ACTIVE).annotate(
        week=week_of("pull__pulled_at", weeks)
    )
    for item in work_orders.values("pull__team_id", "week").annotate(
        open=Count("pk", filter=Q(state__in=WorkOrder.ACTIVE)), overdue=Count("pk", filter=overdue_now(now))
    ).order_by():
        add(item["pull__team_id"], item["week"], open_work_orders=item["open"], overdue_work_orders=item["overdue"])

    reviews = RootCauseReview.objects.filter(_of_pulls_in(weeks), state=RootCauseReview.State.OPEN)
    for item in reviews.annotate(week=week_of("pull__pulled_at", weeks)).values("pull__team_id", "week").annotate(n=Count("pk")).order_by():
        add(item["pull__team_id"], item["week"], review_backlog=item["n"])

    for medians, by_team in ((_relist_medians(weeks, True), True), (_relist_medians(weeks, False), False)):
        for key, median in medians.items():
            team_id, week = (key if by_team else (None, key[0]))
            if team_id is None and by_team:
                continue  # pulls by no team: only in the total, computed on its own
            row(team_id, week).median_hours_to_relist = hours(median)
    for week in weeks:
        row(None, week.key)  # the total row exists even for an empty week
    return figures


def figures_record(figures: WeekFigures) -> dict:
    """A week's figures as JSON (money and percentages as strings, hours as strings, times ISO 8601)."""
    def text(value):
        return None if value is None else str(value)

    return {
        "pulls": figures.pulls, "plus_ones": figures.plus_ones, "complaints": figures.complaints,
        "pulls_per_100_complaints": text(figures.pulls_per_100_complaints), "with_verdict": figures.with_verdict,
        "bad": figures.bad, "bad_pull_rate": text(figures.bad_pull_rate), "breach": figures.breach,
        "median_hours_to_relist": text(figures.median_hours_to_relist), "open_work_orders": figures.open_work_orders,
        "overdue_work_orders": figures.overdue_work_orders, "verdict_backlog": figures.verdict_backlog,
        "oldest_awaiting_hours": text(figures.oldest_awaiting_hours), "review_backlog": figures.review_backlog,
        "gmv_protected": text(figures.gmv_protected), "bonuses_accrued": text(figures.bonuses_accrued),
        "as_of": figures.as_of.isoformat(),
    }


def bad_pull_rate(*, week: Week, team=None, manager=None) -> WeekFigures:
    """The bad-pull rate of one team, or of one manager (the puller's team manager at pull time), for one week.

    Returns a WeekFigures with `pulls`, `with_verdict`, `bad`, `verdict_backlog`, `bad_pull_rate`
    (percent, two decimals, None without any verdict) and `breach` (strictly above the target).
    One query.
    """
    pulls = AndonPull.objects.filter(_in_weeks([week], "pulled_at"))
    if team is not None:
        pulls = pulls.filter(team=team)
    if manager is not None:
        pulls = pulls.filter(team_manager=manager)
    counts = pulls.aggregate(
        n=Count("pk"), judged=Count("pk", filter=~Q(verdict="")), bad=Count("pk", filter=Q(verdict=Verdict.BAD_PULL)),
        backlog=Count("pk", filter=Q(verdict="")),
    )
    return WeekFigures(
        week=week, team_id=getattr(team, "pk", None), as_of=timezone.now(), pulls=counts["n"],
        with_verdict=counts["judged"], bad=counts["bad"], verdict_backlog=counts["backlog"],
    )


# --- The report: a chosen week, its 12-week trend, and what the executives must see -----------


@dataclass(frozen=True)
class SuppressionFlag:
    """Possible suppression after a breach: the figures that triggered it (pulls per 100 complaints)."""

    team_id: int
    breach_week: Week
    before_weeks: list[Week]
    after_weeks: list[Week]
    before_pulls: int
    before_complaints: int
    after_pulls: int
    after_complaints: int

    @property
    def before_per_100(self) -> Decimal | None:
        return percent(self.before_pulls, self.before_complaints)

    @property
    def after_per_100(self) -> Decimal | None:
        return percent(self.after_pulls, self.after_complaints)


@dataclass(frozen=True)
class Disagreement:
    """Second opinions answered on a team's verdicts, and how many disagreed (percent, two decimals)."""

    team_id: int
    answered: int
    disagreed: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.disagreed, self.answered)


@dataclass
class TeamLine:
    team: Team
    figures: WeekFigures
    trend: list[WeekFigures]
    suppression: SuppressionFlag | None = None
    disagreement: Disagreement | None = None


@dataclass
class WeeklyReport:
    """The Monday review: `week`'s figures per team and in total, each team's 12-week trend, the
    target (percent), and the executives' flags. Computed from the data at `as_of`."""

    week: Week
    weeks: list[Week]
    as_of: datetime
    target_percent: Decimal
    lines: list[TeamLine]
    total: WeekFigures
    total_trend: list[WeekFigures]


def suppression_flags(figures: dict, team_ids, weeks: list[Week]) -> dict[int, SuppressionFlag]:
    """Per team, the latest breach among `weeks` after which pulls per 100 complaints fell below
    (1 - ANDON_SUPPRESSION_DROP) of the level over the same number of weeks before it.

    `figures` must also hold the ANDON_SUPPRESSION_WINDOW_WEEKS weeks before `weeks[0]`. Pure
    Python over the weekly rows: no query.
    """
    window = settings.ANDON_SUPPRESSION_WINDOW_WEEKS
    keep = Decimal(1) - Decimal(str(settings.ANDON_SUPPRESSION_DROP))
    last = weeks[-1]
    flags = {}
    for team_id in team_ids:
        def get(week):
            return figures.get((team_id, week)) or WeekFigures(week=week, team_id=team_id, as_of=last.bounds[0])

        for breach in reversed(weeks[:-1]):
            if not get(breach).breach:
                continue
            before = [breach.shifted(-offset) for offset in range(window, 0, -1)]
            after = [week for week in (breach.shifted(offset) for offset in range(1, window + 1)) if week <= last]
            b_pulls, b_complaints = sum(get(w).pulls for w in before), sum(get(w).complaints for w in before)
            a_pulls, a_complaints = sum(get(w).pulls for w in after), sum(get(w).complaints for w in after)
            if b_complaints < settings.ANDON_SUPPRESSION_MIN_COMPLAINTS or not a_complaints or not b_pulls:
                continue
            # after / a_complaints < keep * before / b_complaints, in integers and Decimals: no rounding.
            if Decimal(a_pulls) * b_complaints < keep * b_pulls * a_complaints:
                flags[team_id] = SuppressionFlag(team_id, breach, before, after, b_pulls, b_complaints, a_pulls, a_complaints)
                break
    return flags


def disagreement_by_team(weeks: list[Week]) -> dict[int, Disagreement]:
    """Second opinions answered in `weeks` (by their sample's ISO week), per team of the judged pull:
    how many disagreed with the team's verdict. One query."""
    first, last = weeks[0].key, weeks[-1].key
    opinions = VerdictSecondOpinion.objects.annotate(
        key=ExpressionWrapper(F("iso_year") * 100 + F("iso_week"), output_field=IntegerField())
    ).filter(key__gte=first, key__lte=last, agrees__isnull=False, verdict__pull__team__isnull=False)
    rows = opinions.values("verdict__pull__team_id").annotate(
        answered=Count("pk"), disagreed=Count("pk", filter=Q(agrees=False))
    ).order_by()
    return {
        row["verdict__pull__team_id"]: Disagreement(row["verdict__pull__team_id"], row["answered"], row["disagreed"])
        for row in rows
    }


def weekly_report(week: Week | None = None, *, executive: bool = False, now: datetime | None = None) -> WeeklyReport:
    """The weekly report for `week` (default: the current week) with the 12 weeks ending with it.

    Every active team has a line, and so does any inactive team with figures in those weeks.
    With `executive`, each line carries its second-opinion disagreement and any suppression flag.
    A fixed number of queries whatever the pulls, teams and weeks.
    """
    now = now or timezone.now()
    week = week or Week.of(now)
    weeks = weeks_ending(week, TREND_WEEKS)
    history = weeks_ending(weeks[0].shifted(-1), settings.ANDON_SUPPRESSION_WINDOW_WEEKS) if executive else []
    figures = weekly_figures(history + weeks, now=now)
    seen = {team_id for team_id, _week in figures if team_id is not None}
    teams = list(Team.objects.filter(Q(active=True) | Q(pk__in=seen)).select_related("manager").order_by("name", "pk"))
    flags = suppression_flags(figures, [team.pk for team in teams], weeks) if executive else {}
    disagreements = disagreement_by_team(weeks) if executive else {}

    def get(team_id, w):
        return figures.get((team_id, w)) or WeekFigures(week=w, team_id=team_id, as_of=now)

    lines = [
        TeamLine(
            team=team, figures=get(team.pk, week), trend=[get(team.pk, w) for w in weeks],
            suppression=flags.get(team.pk), disagreement=disagreements.get(team.pk),
        )
        for team in teams
    ]
    return WeeklyReport(
        week=week, weeks=weeks, as_of=now, target_percent=(bad_pull_target() * 100).quantize(TWO_DECIMALS),
        lines=lines, total=get(None, week), total_trend=[get(None, w) for w in weeks],
    )


# --- The manager's own team: coaching figures and abuse flags (never on the executive report) ---


@dataclass
class AgentCoaching:
    """One agent's pulls in a team over the weeks asked: rule met or not, verdicts, bad-pull categories."""

    agent: object
    pulls: int = 0
    rule_met: int = 0
    with_verdict: int = 0
    bad: int = 0
    bad_by_category: dict = field(default_factory=dict)

    @property
    def rule_not_met(self) -> int:
        return self.pulls - self.rule_met


@dataclass(frozen=True)
class AbuseFlag:
    """An agent's outlier against their team; it informs the manager and blocks nothing."""

    kind: str  # "rule_not_met", "one_supplier" or "same_customers"
    agent: object
    detail: str


ABUSE_KINDS = {
    "rule_not_met": _("Many pulls without the rule met"),
    "one_supplier": _("Pulls concentrated on one supplier"),
    "same_customers": _("Repeated pulls on the same customers' complaints"),
}


@dataclass
class TeamCoaching:
    team: Team
    weeks: list[Week]
    agents: list[AgentCoaching]
    flags: list[AbuseFlag]


def team_coaching(team: Team, *, week: Week | None = None) -> TeamCoaching:
    """Per-agent figures of `team`'s pulls (by team at pull time) over the ANDON_ABUSE_WINDOW_WEEKS
    ending with `week`, and the abuse flags over the same weeks. For the team's manager only.
    Five queries whatever the volume."""
    weeks = weeks_ending(week or Week.current(), settings.ANDON_ABUSE_WINDOW_WEEKS)
    pulls = AndonPull.objects.filter(_in_weeks(weeks, "pulled_at"), team=team)
    agents: dict[int, AgentCoaching] = {}
    User = get_user_model()

    def agent(user_id) -> AgentCoaching:
        return agents.setdefault(user_id, AgentCoaching(agent=user_id))

    for row in pulls.values("pulled_by_id", "verdict", "verdict_category").annotate(
        n=Count("pk"), met=Count("pk", filter=Q(rule_met=True))
    ).order_by():
        line = agent(row["pulled_by_id"])
        line.pulls += row["n"]
        line.rule_met += row["met"]
        if row["verdict"]:
            line.with_verdict += row["n"]
        if row["verdict"] == Verdict.BAD_PULL:
            line.bad += row["n"]
            label = str(BadPullCategory(row["verdict_category"]).label) if row["verdict_category"] else str(_("no category"))
            line.bad_by_category[label] = line.bad_by_category.get(label, 0) + row["n"]

    by_supplier = list(
        pulls.filter(product__isnull=False).values("pulled_by_id", "product__supplier_id", "product__supplier__name")
        .annotate(n=Count("pk")).order_by()
    )
    repeats = list(
        PullSupport.objects.filter(pull__in=pulls, agent_id=F("pull__pulled_by_id"), complaint__isnull=False)
        .values("agent_id", "complaint__customer_id").annotate(n=Count("pull_id", distinct=True))
        .filter(n__gte=settings.ANDON_ABUSE_REPEAT_CUSTOMER_PULLS).order_by()
    )
    users = User.objects.in_bulk(set(agents) | {row["agent_id"] for row in repeats})
    for user_id, line in agents.items():
        line.agent = users.get(user_id)

    flags = _abuse_flags(agents, by_supplier, repeats, users)
    ordered = sorted(agents.values(), key=lambda line: (-line.pulls, str(line.agent)))
    return TeamCoaching(team=team, weeks=weeks, agents=ordered, flags=flags)


def _abuse_flags(agents: dict, by_supplier: list[dict], repeats: list[dict], users: dict) -> list[AbuseFlag]:
    minimum = settings.ANDON_ABUSE_MIN_PULLS
    team_pulls = sum(line.pulls for line in agents.values())
    team_not_met = sum(line.rule_not_met for line in agents.values())
    flags = []
    margin = Decimal(str(settings.ANDON_ABUSE_RULE_NOT_MET_MARGIN))
    for line in agents.values():
        if line.pulls < minimum:
            continue
        # The agent's share against the rest of the team's, so that one agent cannot raise the bar they are measured by.
        others, others_not_met = team_pulls - line.pulls, team_not_met - line.rule_not_met
        others_share = Decimal(others_not_met) / others if others else Decimal(0)
        share = Decimal(line.rule_not_met) / line.pulls
        if share - others_share >= margin:
            flags.append(AbuseFlag("rule_not_met", line.agent, str(_(
                "%(agent_share)s%% of %(pulls)s pulls without the rule met; the rest of the team %(team_share)s%%"
            ) % {"agent_share": percent(line.rule_not_met, line.pulls), "pulls": line.pulls,
                 "team_share": (others_share * 100).quantize(TWO_DECIMALS)})))
    supplier_share = Decimal(str(settings.ANDON_ABUSE_SUPPLIER_SHARE))
    team_by_supplier: dict = {}
    for row in by_supplier:
        team_by_supplier[row["product__supplier_id"]] = team_by_supplier.get(row["product__supplier_id"], 0) + row["n"]
    for row in by_supplier:
        line = agents[row["pulled_by_id"]]
        if line.pulls < minimum:
            continue
        share = Decimal(row["n"]) / line.pulls
        others = team_pulls - line.pulls
        others_share = Decimal(team_by_supplier[row["product__supplier_id"]] - row["n"]) / others if others else Decimal(0)
        # An outlier: most of the agent's pulls on one supplier, at least twice the rest of the team's share on it.
        if share >= supplier_share and share >= 2 * others_share:
            flags.append(AbuseFlag("one_supplier", line.agent, str(_(
                "%(count)s of %(pulls)s pulls on %(supplier)s; the rest of the team %(team_share)s%%"
            ) % {"count": row["n"], "pulls": line.pulls, "supplier": row["product__supplier__name"],
                 "team_share": (others_share * 100).quantize(TWO_DECIMALS)})))
    for row in repeats:
        flags.append(AbuseFlag("same_customers", users.get(row["agent_id"]), str(_(
            "%(count)s pulls on complaints of the same customer (#%(customer)s)"
        ) % {"count": row["n"], "customer": row["complaint__customer_id"]})))
    return flags
