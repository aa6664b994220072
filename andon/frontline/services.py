"""Writes of the front line: schedule, move, work, miss and cancel a front-line day; take a problem back and close it.

Each is one transaction and leaves an audit row. Refusals raise DomainError (400) or
IllegalTransition (409) with a message for the person who asked.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flywheel.errors import Conflict, DomainError
from flywheel.services import apply_transition, record_audit
from tickets.models import Complaint

from . import policy
from .models import TAKE_BACK_WHAT_MAX_LENGTH, FrontLineDay, TakeBackItem
from .selectors import handled_complaints_on


def _check_date(on: date) -> None:
    if on < timezone.localdate():
        raise DomainError(_("A front-line day cannot be scheduled in the past."))


def _locked_day(day: FrontLineDay) -> FrontLineDay:
    return FrontLineDay.objects.select_for_update().select_related("staff").get(pk=day.pk)


@transaction.atomic
def schedule_front_line_day(*, staff, on: date, actor) -> FrontLineDay:
    """Schedule `staff`'s front-line day for local date `on` (today or later).

    Raises DomainError when `staff` owes no day (not managing), `actor` may not schedule it, or the
    date is past; Conflict when they already have a scheduled day (move it instead).
    """
    if not policy.may_schedule_day(actor, staff):
        raise DomainError(_("Only the staff member, their department's lead or an executive schedules a front-line day."))
    if not policy.is_managing(staff):
        raise DomainError(_("Only managing staff have a front-line day."))
    _check_date(on)
    if FrontLineDay.objects.filter(staff=staff, state=FrontLineDay.State.SCHEDULED).exists():
        raise Conflict(_("%(name)s already has a front-line day scheduled: move it instead.") % {"name": staff.get_username()})
    try:
        with transaction.atomic():
            day = FrontLineDay.objects.create(staff=staff, scheduled_on=on, scheduled_by=actor)
    except IntegrityError as race:  # another request scheduled one in between (the partial unique constraint)
        raise Conflict(_("%(name)s already has a front-line day scheduled: move it instead.") % {"name": staff.get_username()}) from race
    record_audit(obj=day, action="schedule", actor=actor, to_state=day.state, note=on.isoformat())
    policy.forget_front_line_today(staff)
    return day


@transaction.atomic
def reschedule_front_line_day(*, day: FrontLineDay, on: date, actor) -> FrontLineDay:
    """Move a scheduled day to local date `on`. Raises IllegalTransition unless it is still scheduled."""
    day = _locked_day(day)
    if not policy.may_schedule_day(actor, day.staff):
        raise DomainError(_("Only the staff member, their department's lead or an executive schedules a front-line day."))
    if day.state != FrontLineDay.State.SCHEDULED:
        raise Conflict(_("This front-line day is %(state)s: it can no longer move.") % {"state": day.get_state_display()})
    _check_date(on)
    before = day.scheduled_on
    day.scheduled_on = on
    day.save(update_fields=["scheduled_on"])
    record_audit(
        obj=day, action="reschedule", actor=actor, from_state=day.state, to_state=day.state,
        note=f"{before.isoformat()} -> {on.isoformat()}",
    )
    policy.forget_front_line_today(day.staff)
    return day


@transaction.atomic
def mark_front_line_day_worked(*, day: FrontLineDay, actor, note: str = "") -> FrontLineDay:
    """Mark a day worked (the button). Raises DomainError before the day or for someone who may not;
    IllegalTransition when it is no longer scheduled."""
    day = _locked_day(day)
    if not policy.may_mark_worked(actor, day):
        raise DomainError(_("A front-line day is marked worked on or after the day, by its staff member, their lead or an executive."))
    return apply_transition(obj=day, verb="work", field="state", actor=actor, note=note)


@transaction.atomic
def cancel_front_line_day(*, day: FrontLineDay, actor, note: str = "") -> FrontLineDay:
    """Cancel a scheduled day (the staff member still owes one)."""
    day = _locked_day(day)
    if not policy.may_schedule_day(actor, day.staff):
        raise DomainError(_("Only the staff member, their department's lead or an executive schedules a front-line day."))
    day = apply_transition(obj=day, verb="cancel", field="state", actor=actor, note=note)
    policy.forget_front_line_today(day.staff)
    return day


@transaction.atomic
def close_past_front_line_days(*, today: date | None = None) -> dict[str, int]:
    """End of day: every day still scheduled before `today` (local) becomes worked when its staff
    member handled complaints that day (the audit trail says so), else missed. Idempotent: only
    scheduled days move. Returns {"worked": n, "missed": m}."""
    today = today or timezone.localdate()
    done = {"worked": 0, "missed": 0}
    past = FrontLineDay.objects.select_for_update(skip_locked=True).filter(
        state=FrontLineDay.State.SCHEDULED, scheduled_on__lt=today
    ).select_related("staff")
    for day in past:
        worked = handled_complaints_on(staff=day.staff, day=day.scheduled_on)
        apply_transition(
            obj=day, verb="work" if worked else "miss", field="state", actor=None,
            note=_("Closed at the end of the day: complaints handled.") if worked else _("Closed at the end of the day: no complaint handled."),
        )
        done["worked" if worked else "missed"] += 1
    return done


def _clean_line(text: str, *, required_message: str) -> str:
    line = " ".join((text or "").split())
    if not line:
        raise DomainError(required_message)
    return line


@transaction.atomic
def take_back(*, complaint: Complaint, actor, what: str, department: str = "") -> TakeBackItem:
    """Turn a problem seen on a complaint into a take-back item owned by `actor` and their department.

    `department` defaults to the first of the actor's own (policy.ROLE_DEPARTMENTS order); it must
    be one of theirs. Due TAKE_BACK_DUE_DAYS days from today (local). Raises DomainError when the
    actor is not at the front line today, the line is empty or longer than 200 characters, or the
    department is not theirs.
    """
    if not policy.may_take_back(actor):
        raise DomainError(_("Take-back items are marked by managers on their front-line day."))
    line = _clean_line(what, required_message=_("Say in one line what you take back."))
    if len(line) > TAKE_BACK_WHAT_MAX_LENGTH:
        raise DomainError(_("Keep it to one short line (at most %(max)s characters).") % {"max": TAKE_BACK_WHAT_MAX_LENGTH})
    own = policy.departments_of(actor)
    department = department or own[0]
    if department not in own:
        raise DomainError(_("A take-back item belongs to a department of your own."))
    today = timezone.localdate()
    day = FrontLineDay.objects.filter(
        staff=actor, scheduled_on=today, state__in=(FrontLineDay.State.SCHEDULED, FrontLineDay.State.WORKED)
    ).first()
    item = TakeBackItem.objects.create(
        what=line, complaint=complaint, owner=actor, department=department, front_line_day=day,
        due_on=today + timedelta(days=settings.TAKE_BACK_DUE_DAYS),
    )
    record_audit(obj=item, action="take_back", actor=actor, to_state=item.status, note=line)
    return item


def _locked_item(item: TakeBackItem) -> TakeBackItem:
    return TakeBackItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def finish_take_back_item(*, item: TakeBackItem, actor, note: str = "") -> TakeBackItem:
    """Mark an item done. Raises DomainError for someone outside its department; IllegalTransition when it is closed."""
    item = _locked_item(item)
    if not policy.may_close_take_back_item(actor, item):
        raise DomainError(_("Only the owner, the owning department or an executive closes a take-back item."))
    item.closed_by = actor
    item.closing_note = " ".join((note or "").split())
    return apply_transition(obj=item, verb="finish", field="status", actor=actor, note=item.closing_note)


@transaction.atomic
def drop_take_back_item(*, item: TakeBackItem, actor, note: str) -> TakeBackItem:
    """Drop an item, saying why (the note is required)."""
    item = _locked_item(item)
    if not policy.may_close_take_back_item(actor, item):
        raise DomainError(_("Only the owner, the owning department or an executive closes a take-back item."))
    item.closed_by = actor
    item.closing_note = _clean_line(note, required_message=_("Say why the item is dropped."))
    return apply_transition(obj=item, verb="drop", field="status", actor=actor, note=item.closing_note)
