"""Reads of the bonus ledger: months, an agent's monthly statement, payroll exports, scoped lists.

A ledger entry belongs to the month its accrual was written (created_at, in TIME_ZONE): an
accrual to its own, a reversal or write-off to that of the accrual it cancels. Payroll closes
months the same way, so a statement's "paid" is exactly the agent's share of that month's batches.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format

from members.roles import Role, has_role

from .models import BonusEntry, PayrollBatch

ZERO = Decimal("0.00")
FEN = Decimal("0.01")


def parse_month(text: str) -> date:
    """"YYYY-MM" -> the first day of that month; ValueError for anything else (years 2000 to 2999 only)."""
    parsed = datetime.strptime(text.strip(), "%Y-%m")
    if not 2000 <= parsed.year <= 2999:
        raise ValueError(text)
    return parsed.date()


def month_label(month: date) -> str:
    """"2026-11": how payroll and the statements name a month."""
    return f"{month:%Y-%m}"


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of the calendar month of `month` in TIME_ZONE, as aware datetimes."""
    first = month.replace(day=1)
    last_day = calendar.monthrange(first.year, first.month)[1]
    following = date.fromordinal(first.toordinal() + last_day)
    zone = timezone.get_current_timezone()
    return datetime.combine(first, time.min, tzinfo=zone), datetime.combine(following, time.min, tzinfo=zone)


def in_month(month: date) -> Q:
    """Entries belonging to `month`: accruals written in it, and the cancellations of those accruals."""
    start, end = month_bounds(month)
    return Q(reverses__isnull=True, created_at__gte=start, created_at__lt=end) | Q(
        reverses__created_at__gte=start, reverses__created_at__lt=end
    )


def ledger_entries() -> QuerySet:
    """Entries with what a list shows of them, in one query."""
    return BonusEntry.objects.select_related("agent", "pull__team", "approved_by", "batch").annotate(
        bonus_month_at=Coalesce("reverses__created_at", "created_at")
    )


# An accrual stands unless a reversal cancelled it; a write-off cancels nothing the agent is paid.
_STANDING = Q(kind=BonusEntry.Kind.ACCRUAL) & (Q(reversed_by__isnull=True) | ~Q(reversed_by__kind=BonusEntry.Kind.REVERSAL))


@dataclass(frozen=True)
class StatementTotals:
    """One agent's month in CNY. `net` = `accrued` + `reversed` = `paid` + `approved` + `awaiting_approval`.

    `written_off` (positive) is what was corrected after payment and borne by the company: it is
    shown apart and never deducted.
    """

    accrued: Decimal
    reversed: Decimal
    net: Decimal
    paid: Decimal
    approved: Decimal
    awaiting_approval: Decimal
    written_off: Decimal


@dataclass(frozen=True)
class Statement:
    agent: object
    month: date
    entries: list
    totals: StatementTotals

    @property
    def period(self) -> str:
        return month_label(self.month)

    @property
    def month_name(self) -> str:
        return date_format(self.month, "YEAR_MONTH_FORMAT")


def statement_totals(agent, month: date) -> StatementTotals:
    """The figures of `agent`'s statement for `month`, aggregated in the database in one query."""
    def total(condition: Q):
        return Coalesce(Sum("amount", filter=condition), ZERO)

    figures = BonusEntry.objects.filter(agent=agent).filter(in_month(month)).aggregate(
        accrued=total(Q(kind=BonusEntry.Kind.ACCRUAL)),
        reversed=total(Q(kind=BonusEntry.Kind.REVERSAL)),
        paid=total(Q(kind=BonusEntry.Kind.ACCRUAL, state=BonusEntry.State.PAID)),
        approved=total(_STANDING & Q(state=BonusEntry.State.APPROVED)),
        awaiting=total(_STANDING & Q(state=BonusEntry.State.ACCRUED)),
        written_off=total(Q(kind=BonusEntry.Kind.WRITE_OFF)),
    )
    figures = {name: Decimal(value).quantize(FEN) for name, value in figures.items()}  # exact sums; SQLite drops the scale
    return StatementTotals(
        accrued=figures["accrued"], reversed=figures["reversed"], net=figures["accrued"] + figures["reversed"],
        paid=figures["paid"], approved=figures["approved"], awaiting_approval=figures["awaiting"],
        written_off=-figures["written_off"],
    )


def agent_statement(agent, month: date) -> Statement:
    """`agent`'s monthly statement: every entry of the month (oldest first) and its totals, in two queries."""
    entries = list(ledger_entries().filter(agent=agent).filter(in_month(month)).order_by("bonus_month_at", "created_at", "pk"))
    return Statement(agent=agent, month=month.replace(day=1), entries=entries, totals=statement_totals(agent, month))


@dataclass(frozen=True)
class PayrollRow:
    employee_id: str
    name: str
    team: str
    cost_centre: str
    period: str
    batch_id: int
    amount: Decimal


def payroll_rows(batch: PayrollBatch) -> list[PayrollRow]:
    """The batch for finance: one row per agent and team (the pull's team at pull time), in one query.

    The amounts add up to `batch.total` to the fen.
    """
    grouped = (
        BonusEntry.objects.filter(batch=batch)
        .values("agent__username", "agent__first_name", "agent__last_name", "pull__team__name", "pull__team__cost_centre")
        .annotate(amount=Sum("amount"))
        .order_by("agent__username", "pull__team__name")
    )
    return [
        PayrollRow(
            employee_id=row["agent__username"],
            name=f"{row['agent__first_name']} {row['agent__last_name']}".strip() or row["agent__username"],
            team=row["pull__team__name"] or "",
            cost_centre=row["pull__team__cost_centre"] or "",
            period=month_label(batch.period),
            batch_id=batch.pk,
            amount=Decimal(row["amount"]).quantize(FEN),
        )
        for row in grouped
    ]


def statement_agents_for(user):
    """The agents whose statements `user` may open besides their own, by username (managers: their teams' members)."""
    users = get_user_model().objects.filter(is_active=True)
    if has_role(user, Role.EXECUTIVE):
        return users.filter(bonus_entries__isnull=False).distinct().order_by("username")
    if has_role(user, Role.MANAGER):
        return users.filter(team_memberships__team__manager=user).distinct().order_by("username")
    return users.none()
