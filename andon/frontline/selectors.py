"""Reads of the front line: who owes a day and is late for it, take-back queues, the weekly report's rows."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from flywheel.models import AuditEvent
from tickets.models import Complaint

from ..pulls.models import AndonPull, AndonWarning
from ..work_orders.models import DepartmentLead
from .models import FrontLineDay, TakeBackItem
from .policy import MANAGING_ROLES, departments_of, front_line_due_on, sees_every_department


def managing_staff() -> QuerySet:
    """Active users who owe a front-line day (policy: MANAGING_ROLES holders and department leads)."""
    User = get_user_model()
    return User.objects.filter(
        Q(groups__name__in=MANAGING_ROLES) | Q(pk__in=DepartmentLead.objects.values("lead_id")), is_active=True,
    ).distinct()


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class OverdueRow:
    """One staff member overdue for their front-line day. Dates are local; `days_overdue` counts whole days."""

    staff: object
    joined_on: date
    due_on: date
    days_overdue: int
    scheduled_on: date | None


def front_line_overdue(*, as_of: date) -> list[OverdueRow]:
    """Managing staff whose front-line day was due before `as_of` (joined + FRONT_LINE_DAY_WITHIN_DAYS)
    and who have not worked one, most overdue first, with the date of their scheduled day if any.

    One query: the due date is a filter on `date_joined`, the worked and scheduled days subqueries.
    """
    within = settings.FRONT_LINE_DAY_WITHIN_DAYS
    # due_on < as_of  <=>  local joining date < as_of - within  <=>  joined before that day's start.
    joined_before = _start_of(as_of - timedelta(days=within))
    days = FrontLineDay.objects.filter(staff=OuterRef("pk"))
    staff = (
        managing_staff()
        .filter(date_joined__lt=joined_before)
        .annotate(
            worked=Exists(days.filter(state=FrontLineDay.State.WORKED)),
            scheduled_on=Subquery(
                days.filter(state=FrontLineDay.State.SCHEDULED).order_by().values("staff").annotate(
                    first=Min("scheduled_on")
                ).values("first")[:1]
            ),
        )
        .filter(worked=False)
        .order_by("date_joined", "username")
    )
    rows = []
    for person in staff:
        due_on = front_line_due_on(person)
        rows.append(OverdueRow(
            staff=person, joined_on=timezone.localdate(person.date_joined), due_on=due_on,
            days_overdue=(as_of - due_on).days, scheduled_on=person.scheduled_on,
        ))
    return rows


@dataclass(frozen=True)
class TakeBackRow:
    item: TakeBackItem
    overdue: bool


def open_take_back_items(*, as_of: date) -> list[TakeBackRow]:
    """Every open take-back item with its owner, department and due date, soonest due first;
    `overdue` when its due date is before `as_of`. One query."""
    items = take_back_items().filter(status=TakeBackItem.Status.OPEN).order_by("due_on", "id")
    return [TakeBackRow(item=item, overdue=item.due_on < as_of) for item in items]


def take_back_items() -> QuerySet:
    return TakeBackItem.objects.select_related("owner", "complaint", "closed_by")


def take_back_queue(*, user, status: str = TakeBackItem.Status.OPEN) -> QuerySet:
    """The take-back items the user's departments own (every department for executives)."""
    items = take_back_items().filter(status=status)
    if not sees_every_department(user):
        items = items.filter(department__in=departments_of(user))
    return items.order_by("due_on", "id")


def my_days(user) -> QuerySet:
    return FrontLineDay.objects.filter(staff=user).select_related("scheduled_by").order_by("-scheduled_on", "-id")


def scheduled_day_of(user) -> FrontLineDay | None:
    return FrontLineDay.objects.filter(staff=user, state=FrontLineDay.State.SCHEDULED).first()


def today_of(user) -> FrontLineDay | None:
    """The user's front-line day today (scheduled or worked), if today is one."""
    return FrontLineDay.objects.filter(
        staff=user, scheduled_on=timezone.localdate(),
        state__in=(FrontLineDay.State.SCHEDULED, FrontLineDay.State.WORKED),
    ).first()


def handled_complaints_on(*, staff, day: date) -> bool:
    """Whether the staff member wrote anything on a complaint, a pull, a warning or a take-back item
    that local day: filing, settling, compensating and pulling each leave an audit row with its actor."""
    kinds = ContentType.objects.get_for_models(
        Complaint, AndonPull, AndonWarning, TakeBackItem, for_concrete_models=False
    ).values()
    return AuditEvent.objects.filter(
        actor=staff, content_type__in=[kind.pk for kind in kinds],
        at__gte=_start_of(day), at__lt=_start_of(day + timedelta(days=1)),
    ).exists()
