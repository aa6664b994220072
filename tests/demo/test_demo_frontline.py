"""The demo's front line: a day today, worked, missed and overdue days, open take-back items."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from andon.frontline.models import FrontLineDay
from andon.frontline.policy import on_front_line_today
from andon.frontline.selectors import front_line_overdue, open_take_back_items

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def default_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("demo", stdout=StringIO())
            yield
            transaction.set_rollback(True)


def test_the_vendor_manager_is_at_the_front_line_today():
    assert on_front_line_today(get_user_model().objects.get(username="vendor_manager"))


def test_the_overdue_list_names_the_late_managers():
    names = {row.staff.username for row in front_line_overdue(as_of=timezone.localdate())}

    assert {"manager", "quality", "partner_manager"} <= names
    assert not names & {"executive", "warehouse", "vendor_manager"}


def test_days_were_worked_and_missed():
    states = set(FrontLineDay.objects.values_list("state", flat=True))

    assert {FrontLineDay.State.WORKED, FrontLineDay.State.MISSED, FrontLineDay.State.SCHEDULED} <= states


def test_some_open_take_back_items_are_overdue_and_some_are_not():
    flags = {row.overdue for row in open_take_back_items(as_of=timezone.localdate())}

    assert flags == {True, False}
