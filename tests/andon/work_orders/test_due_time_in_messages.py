"""A work order's due time reads the same in its notification and on its page: the site's time, each language's one format."""

import re
from datetime import datetime, timezone as dt_timezone

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from andon.models import WorkOrder
from andon.pulls.services import pull_andon
from members.models import Notification, Profile
from tickets.factories import ComplaintFactory

# Pulled at 18:28 UTC on 30 November: the warehouse's 24-hour work order is due at 18:28 UTC on
# 1 December, which is 02:28 on 2 December in Shanghai (the site's TIME_ZONE).
PULLED_AT = datetime(2026, 11, 30, 18, 28, tzinfo=dt_timezone.utc)
SHOWN = {"en": "2 Dec 2026, 02:28", "zh-hans": "2026年12月2日 02:28"}
DUE_ON_PAGE = re.compile(r'<time datetime="2026-12-02T02:28:00\+08:00">([^<]+)</time>')


@pytest.fixture
def language():
    """The warehouse person's chosen language (a test parametrizes it)."""
    return "en"


@pytest.fixture
def warehouse_order(people, product, language, django_capture_on_commit_callbacks):
    Profile.objects.update_or_create(user=people["warehouse"], defaults={"language": language})
    with time_machine.travel(PULLED_AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Pages uncut").pull
    return pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_notification_and_the_page_show_the_same_due_time(language, people, warehouse_order, client):
    subject = Notification.objects.get(recipient=people["warehouse"], key=f"work-order-opened:{warehouse_order.pk}").subject
    client.force_login(people["warehouse"])
    client.cookies["django_language"] = language

    page = client.get(reverse("work:work-order", args=[warehouse_order.pk])).content.decode()

    assert SHOWN[language] in subject
    assert DUE_ON_PAGE.search(page).group(1) == SHOWN[language]


def test_the_work_order_email_writes_the_due_time_in_the_sites_time_zone(people, warehouse_order):
    to_warehouse = [message for message in mail.outbox if message.to == [people["warehouse"].email] and "New work order" in message.subject]

    assert [message.subject.rsplit("due ", 1)[1] for message in to_warehouse] == [SHOWN["en"]]


def test_the_api_keeps_the_due_time_a_machine_value_with_its_offset(people, warehouse_order, api_for):
    response = api_for(people["warehouse"]).get(reverse("api-work-order", args=[warehouse_order.pk]))

    assert response.json()["due_at"] == "2026-12-02T02:28:00+08:00"
