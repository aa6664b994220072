"""Who owes a front-line day, when it is due, and who works the console on it."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from andon.frontline import policy
from andon.models import Department, DepartmentLead
from members.factories import UserFactory

from .conftest import make_day

pytestmark = pytest.mark.django_db


def test_the_day_is_due_the_configured_number_of_days_after_the_local_joining_date(settings):
    settings.FRONT_LINE_DAY_WITHIN_DAYS = 180
    joined = timezone.make_aware(datetime(2026, 1, 10, 23, 30))  # local time: still 10 January
    manager = UserFactory(username="li", roles=["manager"], date_joined=joined)

    assert policy.front_line_due_on(manager).isoformat() == "2026-07-09"


def test_the_allowance_comes_from_the_setting(settings):
    settings.FRONT_LINE_DAY_WITHIN_DAYS = 30
    manager = UserFactory(username="li", roles=["manager"], date_joined=timezone.make_aware(datetime(2026, 1, 10, 9, 0)))

    assert policy.front_line_due_on(manager).isoformat() == "2026-02-09"


@pytest.mark.parametrize("role", ["manager", "vendor_manager", "partner_manager", "executive"])
def test_every_managing_role_owes_a_day(role):
    assert role in policy.MANAGING_ROLES


def test_a_warehouse_worker_owes_no_day_but_the_warehouse_lead_does():
    worker = UserFactory(username="wh1", roles=["warehouse"])
    lead = UserFactory(username="wh-lead", roles=["warehouse"])
    DepartmentLead.objects.create(department=Department.WAREHOUSE, lead=lead)

    assert (policy.is_managing(worker), policy.is_managing(lead)) == (False, True)


def test_an_agent_owes_no_day():
    assert not policy.is_managing(UserFactory(username="ag", roles=["agent"]))


def test_a_manager_is_on_the_front_line_only_on_the_scheduled_day(vendor_manager, today):
    make_day(vendor_manager, today + timedelta(days=1))

    assert not policy.on_front_line_today(vendor_manager)


def test_a_cancelled_day_gives_no_access(vendor_manager, today):
    make_day(vendor_manager, today, state="cancelled")

    assert not policy.on_front_line_today(vendor_manager)


def test_the_take_back_department_is_the_role_s_own():
    assert policy.departments_of(UserFactory(username="q", roles=["quality"])) == ["quality"]
