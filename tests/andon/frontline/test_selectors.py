"""The weekly report's front-line rows: who is overdue for their day, and the open take-back items."""

from datetime import timedelta

import pytest

from andon.frontline.selectors import front_line_overdue, open_take_back_items
from andon.frontline.services import finish_take_back_item, take_back
from andon.models import Department, DepartmentLead
from members.factories import UserFactory
from tickets.factories import ComplaintFactory

from .conftest import days_ago, make_day

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def six_months(settings):
    settings.FRONT_LINE_DAY_WITHIN_DAYS = 180


def overdue_names(today) -> list[str]:
    return [row.staff.username for row in front_line_overdue(as_of=today)]


def test_a_manager_past_the_allowance_without_a_day_is_overdue_by_the_days_past(today):
    UserFactory(username="late", roles=["manager"], date_joined=days_ago(200))

    (row,) = front_line_overdue(as_of=today)

    assert (row.staff.username, row.days_overdue, row.scheduled_on) == ("late", 20, None)
    assert row.due_on == row.joined_on + timedelta(days=180)


def test_a_manager_within_the_allowance_is_not_overdue(today):
    UserFactory(username="new", roles=["executive"], date_joined=days_ago(100))

    assert overdue_names(today) == []


def test_a_worked_day_clears_the_debt(today):
    done = UserFactory(username="done", roles=["vendor_manager"], date_joined=days_ago(400))
    make_day(done, today - timedelta(days=300), state="worked")

    assert overdue_names(today) == []


def test_a_scheduled_day_is_shown_but_still_overdue(today):
    late = UserFactory(username="late", roles=["manager"], date_joined=days_ago(200))
    make_day(late, today + timedelta(days=5))

    (row,) = front_line_overdue(as_of=today)

    assert row.scheduled_on == today + timedelta(days=5)


def test_a_missed_day_leaves_them_overdue(today):
    late = UserFactory(username="late", roles=["manager"], date_joined=days_ago(200))
    make_day(late, today - timedelta(days=3), state="missed")

    assert overdue_names(today) == ["late"]


def test_a_warehouse_worker_is_never_listed_but_the_lead_is(today):
    UserFactory(username="worker", roles=["warehouse"], date_joined=days_ago(400))
    lead = UserFactory(username="lead", roles=["warehouse"], date_joined=days_ago(400))
    DepartmentLead.objects.create(department=Department.WAREHOUSE, lead=lead)

    assert overdue_names(today) == ["lead"]


def test_the_overdue_list_is_one_query(today, django_assert_num_queries):
    for index in range(5):
        UserFactory(username=f"late{index}", roles=["manager"], date_joined=days_ago(200 + index))

    with django_assert_num_queries(1):
        rows = front_line_overdue(as_of=today)

    assert len(rows) == 5


def test_open_items_carry_their_overdue_flag_and_closed_ones_are_left_out(vendor_manager, on_the_front_line, book, today):
    first = take_back(complaint=ComplaintFactory(product=book), actor=vendor_manager, what="Glue")
    take_back(complaint=ComplaintFactory(product=book), actor=vendor_manager, what="Spine")
    finish_take_back_item(item=first, actor=vendor_manager)

    rows = open_take_back_items(as_of=today + timedelta(days=30))

    assert [(row.item.what, row.overdue) for row in rows] == [("Spine", True)]


def test_an_item_due_later_is_not_overdue(vendor_manager, on_the_front_line, complaint, today):
    take_back(complaint=complaint, actor=vendor_manager, what="Glue")

    assert [row.overdue for row in open_take_back_items(as_of=today)] == [False]
