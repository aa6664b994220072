"""The front line through the API: my day, scheduling it, take-back items listed and closed."""

from datetime import timedelta

import pytest
from django.urls import reverse

from andon.frontline.models import FrontLineDay, TakeBackItem
from andon.frontline.services import take_back
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY_URL = "/api/v1/front-line/day/"
ITEMS_URL = "/api/v1/take-back-items/"


def test_my_day_says_when_it_is_due_and_whether_it_is_today(api_for, vendor_manager, on_the_front_line):
    body = api_for(vendor_manager).get(DAY_URL).json()

    assert body["today"] is True
    assert [day["id"] for day in body["days"]] == [on_the_front_line.pk]


def test_an_agent_has_no_front_line_day(agent_api):
    assert agent_api.get(DAY_URL).status_code == 403


def test_scheduling_answers_201_with_the_day(api_for, vendor_manager, today):
    response = api_for(vendor_manager).post(DAY_URL, {"scheduled_on": (today + timedelta(days=2)).isoformat()}, format="json")

    assert response.status_code == 201
    assert FrontLineDay.objects.get().scheduled_on == today + timedelta(days=2)


def test_scheduling_in_the_past_answers_400_and_writes_nothing(api_for, vendor_manager, today):
    response = api_for(vendor_manager).post(DAY_URL, {"scheduled_on": (today - timedelta(days=2)).isoformat()}, format="json")

    assert response.status_code == 400
    assert not FrontLineDay.objects.exists()


def test_an_executive_schedules_a_manager_by_username(api_for, executive, vendor_manager, today):
    response = api_for(executive).post(DAY_URL, {"scheduled_on": today.isoformat(), "staff": "vm"}, format="json")

    assert response.json()["staff"] == "vm"


def test_the_item_list_is_the_department_s_queue(api_for, vendor_manager, on_the_front_line, complaint):
    take_back(complaint=complaint, actor=vendor_manager, what="Glue")

    mine = api_for(UserFactory(username="vm2", roles=["vendor_manager"])).get(ITEMS_URL).json()
    theirs = api_for(UserFactory(username="q", roles=["quality"])).get(ITEMS_URL).json()

    assert ([item["what"] for item in mine], theirs) == (["Glue"], [])


def test_closing_an_item_done(api_for, vendor_manager, on_the_front_line, complaint):
    item = take_back(complaint=complaint, actor=vendor_manager, what="Glue")

    response = api_for(vendor_manager).patch(f"{ITEMS_URL}{item.pk}/", {"status": "done", "note": "Fixed"}, format="json")

    assert response.json()["status"] == "done"
    assert TakeBackItem.objects.get().closing_note == "Fixed"


def test_closing_a_closed_item_answers_409(api_for, vendor_manager, on_the_front_line, complaint):
    item = take_back(complaint=complaint, actor=vendor_manager, what="Glue")
    api = api_for(vendor_manager)
    api.patch(f"{ITEMS_URL}{item.pk}/", {"status": "done"}, format="json")

    assert api.patch(f"{ITEMS_URL}{item.pk}/", {"status": "dropped", "note": "No"}, format="json").status_code == 409


def test_another_department_s_item_is_not_found(api_for, vendor_manager, on_the_front_line, complaint):
    item = take_back(complaint=complaint, actor=vendor_manager, what="Glue")

    response = api_for(UserFactory(username="q", roles=["quality"])).patch(f"{ITEMS_URL}{item.pk}/", {"status": "done"}, format="json")

    assert response.status_code == 404


def test_the_front_line_manager_pulls_through_the_api_on_their_day(api_for, vendor_manager, on_the_front_line, complaint):
    response = api_for(vendor_manager).post(reverse("api-pulls"), {"complaint": complaint.pk, "reason": "Covers come off"}, format="json")

    assert response.status_code == 201
