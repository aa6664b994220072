"""Scheduling, working and closing front-line days; taking problems back and closing them."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from andon.frontline.models import FrontLineDay, TakeBackItem
from andon.frontline.services import (
    cancel_front_line_day,
    close_past_front_line_days,
    drop_take_back_item,
    finish_take_back_item,
    mark_front_line_day_worked,
    reschedule_front_line_day,
    schedule_front_line_day,
    take_back,
)
from andon.models import Department, DepartmentLead
from flywheel.errors import Conflict, DomainError, IllegalTransition
from flywheel.models import AuditEvent
from flywheel.services import record_audit
from members.factories import UserFactory

from .conftest import make_day


def audit_of(obj):
    kind = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEvent.objects.filter(content_type=kind, object_id=str(obj.pk))

pytestmark = pytest.mark.django_db


def test_a_manager_schedules_their_own_day_and_it_is_audited(vendor_manager, today):
    day = schedule_front_line_day(staff=vendor_manager, on=today + timedelta(days=7), actor=vendor_manager)

    assert (day.state, day.scheduled_by) == (FrontLineDay.State.SCHEDULED, vendor_manager)
    assert audit_of(day).get().action == "schedule"


def test_an_executive_schedules_someone_else_s_day(vendor_manager, executive, today):
    day = schedule_front_line_day(staff=vendor_manager, on=today, actor=executive)

    assert day.scheduled_by == executive


def test_a_department_lead_schedules_their_staff_s_day(today):
    lead = UserFactory(username="q-lead", roles=["quality"])
    DepartmentLead.objects.create(department=Department.QUALITY, lead=lead)
    other_lead = UserFactory(username="q-lead-2", roles=["quality", "manager"])

    day = schedule_front_line_day(staff=other_lead, on=today, actor=lead)

    assert day.staff == other_lead


def test_a_colleague_may_not_schedule_someone_else_s_day(vendor_manager, today):
    with pytest.raises(DomainError):
        schedule_front_line_day(staff=vendor_manager, on=today, actor=UserFactory(username="m2", roles=["manager"]))


def test_an_agent_has_no_front_line_day(executive, today):
    with pytest.raises(DomainError):
        schedule_front_line_day(staff=UserFactory(username="ag", roles=["agent"]), on=today, actor=executive)


def test_a_day_in_the_past_is_refused(vendor_manager, today):
    with pytest.raises(DomainError):
        schedule_front_line_day(staff=vendor_manager, on=today - timedelta(days=1), actor=vendor_manager)
    assert not FrontLineDay.objects.exists()


def test_a_second_scheduled_day_is_a_conflict(vendor_manager, today):
    schedule_front_line_day(staff=vendor_manager, on=today, actor=vendor_manager)

    with pytest.raises(Conflict):
        schedule_front_line_day(staff=vendor_manager, on=today + timedelta(days=1), actor=vendor_manager)


def test_rescheduling_moves_the_day_and_records_both_dates(vendor_manager, today):
    day = schedule_front_line_day(staff=vendor_manager, on=today, actor=vendor_manager)

    reschedule_front_line_day(day=day, on=today + timedelta(days=2), actor=vendor_manager)

    assert FrontLineDay.objects.get().scheduled_on == today + timedelta(days=2)
    assert audit_of(day).last().note == f"{today.isoformat()} -> {(today + timedelta(days=2)).isoformat()}"


def test_marking_a_day_worked_before_it_comes_is_refused(vendor_manager, today):
    day = make_day(vendor_manager, today + timedelta(days=1))

    with pytest.raises(DomainError):
        mark_front_line_day_worked(day=day, actor=vendor_manager)


def test_the_button_marks_today_worked(vendor_manager, on_the_front_line):
    mark_front_line_day_worked(day=on_the_front_line, actor=vendor_manager)

    assert FrontLineDay.objects.get().state == FrontLineDay.State.WORKED


def test_a_cancelled_day_cannot_be_marked_worked(vendor_manager, on_the_front_line):
    cancel_front_line_day(day=on_the_front_line, actor=vendor_manager)

    with pytest.raises(IllegalTransition):
        mark_front_line_day_worked(day=on_the_front_line, actor=vendor_manager)


def test_at_the_end_of_the_day_a_day_with_complaints_handled_is_worked(vendor_manager, today, complaint):
    day = make_day(vendor_manager, today - timedelta(days=1))
    with time_machine.travel(timezone.now() - timedelta(days=1), tick=False):
        record_audit(obj=complaint, action="resolve", actor=vendor_manager)

    close_past_front_line_days(today=today)

    assert FrontLineDay.objects.get(pk=day.pk).state == FrontLineDay.State.WORKED


def test_at_the_end_of_the_day_a_day_without_complaints_is_missed(vendor_manager, today):
    day = make_day(vendor_manager, today - timedelta(days=1))

    close_past_front_line_days(today=today)

    assert FrontLineDay.objects.get(pk=day.pk).state == FrontLineDay.State.MISSED


def test_closing_leaves_today_s_day_alone(vendor_manager, on_the_front_line, today):
    close_past_front_line_days(today=today)

    assert FrontLineDay.objects.get().state == FrontLineDay.State.SCHEDULED


# --- Take-back items ------------------------------------------------------------------------------


def test_take_back_gives_the_owner_s_department_and_the_due_date(settings, vendor_manager, on_the_front_line, complaint, today):
    settings.TAKE_BACK_DUE_DAYS = 14

    item = take_back(complaint=complaint, actor=vendor_manager, what="  Ask the binder\nabout the glue ")

    assert (item.what, item.department, item.due_on, item.front_line_day) == (
        "Ask the binder about the glue", "vendor_management", today + timedelta(days=14), on_the_front_line,
    )
    assert audit_of(item).get().action == "take_back"


def test_a_manager_s_item_belongs_to_customer_service(complaint, today):
    manager = UserFactory(username="cs-li", roles=["manager"])
    make_day(manager, today)

    assert take_back(complaint=complaint, actor=manager, what="Macro for refunds").department == "customer_service"


def test_take_back_is_refused_off_the_day(vendor_manager, complaint):
    with pytest.raises(DomainError):
        take_back(complaint=complaint, actor=vendor_manager, what="Glue")


def test_a_line_over_200_characters_is_refused(vendor_manager, on_the_front_line, complaint):
    with pytest.raises(DomainError):
        take_back(complaint=complaint, actor=vendor_manager, what="x" * 201)


def test_an_item_cannot_go_to_another_department(vendor_manager, on_the_front_line, complaint):
    with pytest.raises(DomainError):
        take_back(complaint=complaint, actor=vendor_manager, what="Glue", department="warehouse")


def test_dropping_needs_a_note(vendor_manager, on_the_front_line, complaint):
    item = take_back(complaint=complaint, actor=vendor_manager, what="Glue")

    with pytest.raises(DomainError):
        drop_take_back_item(item=item, actor=vendor_manager, note=" ")
    assert TakeBackItem.objects.get().status == TakeBackItem.Status.OPEN


def test_another_department_may_not_close_an_item(vendor_manager, on_the_front_line, complaint):
    item = take_back(complaint=complaint, actor=vendor_manager, what="Glue")

    with pytest.raises(DomainError):
        finish_take_back_item(item=item, actor=UserFactory(username="wh", roles=["warehouse"]))


def test_a_done_item_cannot_be_dropped(vendor_manager, on_the_front_line, complaint):
    item = take_back(complaint=complaint, actor=vendor_manager, what="Glue")
    finish_take_back_item(item=item, actor=vendor_manager, note="Binder changed glue")

    with pytest.raises(IllegalTransition):
        drop_take_back_item(item=item, actor=vendor_manager, note="No")
