"""The in-app inbox: what a signed-in user sees of the notifications sent to them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.notifications.services import mark_read
from members.factories import UserFactory
from members.models import Notification

pytestmark = pytest.mark.django_db


def send(recipient, subject: str = "Pull #1 opened", *, link: str = "", read: bool = False, age_minutes: int = 0):
    return Notification.objects.create(
        recipient=recipient,
        key=f"test:{Notification.objects.count()}",
        subject=subject,
        body="The product is off sale.",
        link=link,
        created_at=timezone.now() - timedelta(minutes=age_minutes),
        read_at=timezone.now() if read else None,
    )


def text_of(response) -> str:
    return response.content.decode()


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("members:notifications"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:login"))


def test_the_page_lists_my_notifications_newest_first(customer_client, customer):
    send(customer, "Older news", age_minutes=30)
    send(customer, "Newer news", age_minutes=1)

    text = text_of(customer_client.get(reverse("members:notifications")))

    assert text.index("Newer news") < text.index("Older news")


def test_the_page_never_shows_someone_elses_notifications(customer_client):
    send(UserFactory(username="bo"), "Bo's secret")

    text = text_of(customer_client.get(reverse("members:notifications")))

    assert "Bo&#x27;s secret" not in text and "Bo's secret" not in text
    assert 'data-testid="no-notifications"' in text


def test_unread_notifications_are_highlighted(customer_client, customer):
    send(customer, "Unread one")
    send(customer, "Read one", read=True)

    text = text_of(customer_client.get(reverse("members:notifications")))

    assert text.count('class="notification is-unread"') == 1
    assert text.count('data-read="true"') == 1


def test_the_page_is_paginated_by_twenty(customer_client, customer):
    for minute in range(25):
        send(customer, f"News {minute}", age_minutes=minute)

    first = text_of(customer_client.get(reverse("members:notifications")))
    second = text_of(customer_client.get(reverse("members:notifications"), {"page": 2}))

    assert first.count('data-testid="notification"') == 20
    assert second.count('data-testid="notification"') == 5


@pytest.mark.parametrize("count", [5, 50])
def test_the_page_runs_the_same_queries_for_5_and_50_notifications(customer_client, customer, django_assert_num_queries, count):
    for minute in range(count):
        send(customer, f"News {minute}", age_minutes=minute)

    # session, user, the page's count, the header's counts (cart and unread in one), roles, the menu, the rows.
    with django_assert_num_queries(7):
        customer_client.get(reverse("members:notifications"))


def test_the_header_shows_how_many_are_unread(customer_client, customer):
    send(customer)
    send(customer)
    send(customer, read=True)

    text = text_of(customer_client.get(reverse("members:catalog")))

    assert 'data-testid="unread-count"' in text
    assert ">2</span>" in text.split('data-testid="unread-count"', 1)[1][:200]


def test_the_header_shows_no_badge_when_everything_is_read(customer_client, customer):
    send(customer, read=True)

    text = text_of(customer_client.get(reverse("members:catalog")))

    assert 'data-testid="notifications-link"' in text
    assert 'data-testid="unread-count"' not in text


def test_a_signed_out_visitor_has_no_notifications_link(client):
    assert 'data-testid="notifications-link"' not in text_of(client.get(reverse("members:catalog")))


def test_opening_a_notification_marks_it_read_and_follows_its_link(customer_client, customer):
    note = send(customer, link="/orders/T0000000000001/")

    response = customer_client.post(reverse("members:notification-open", args=[note.pk]))

    assert response.status_code == 302 and response["Location"] == "/orders/T0000000000001/"
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_a_link_to_another_site_is_not_followed(customer_client, customer):
    note = send(customer, link="https://evil.example/phish")

    response = customer_client.post(reverse("members:notification-open", args=[note.pk]))

    assert response["Location"] == reverse("members:notifications")


def test_someone_elses_notification_cannot_be_opened(customer_client):
    note = send(UserFactory(username="bo"))

    response = customer_client.post(reverse("members:notification-open", args=[note.pk]))

    assert response.status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_opening_needs_a_post(customer_client, customer):
    note = send(customer)

    assert customer_client.get(reverse("members:notification-open", args=[note.pk])).status_code == 405
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_mark_all_as_read_reads_mine_only(customer_client, customer):
    send(customer)
    send(customer)
    theirs = send(UserFactory(username="bo"))

    response = customer_client.post(reverse("members:notifications-read-all"), follow=True)

    assert Notification.objects.filter(recipient=customer, read_at__isnull=True).count() == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert "Marked 2 notifications as read." in text_of(response)


def test_reading_a_notification_twice_keeps_the_first_time(customer):
    note = send(customer)
    first = timezone.now() - timedelta(hours=1)

    assert mark_read(notification=note, now=first) is True
    assert mark_read(notification=note, now=timezone.now()) is False
    assert Notification.objects.get(pk=note.pk).read_at == first
