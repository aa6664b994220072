"""Each user chooses, per kind of message, in the app only or by e-mail too; order notices always e-mail."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from flywheel.models import AuditEvent
from members.factories import UserFactory
from members.models import Notification, NotificationPreference
from members.notifications.services import notify, set_email_preferences

pytestmark = pytest.mark.django_db

PREFERENCES = reverse("members:notification-preferences")


def second_opinion(users, key="second-opinion:1") -> int:
    return notify(recipients=users, key=key, kind="second-opinion", params={"id": 7})


@pytest.fixture
def manager():
    return UserFactory(username="wang", roles=["manager"], email="wang@andon.example")


def test_by_default_a_notification_is_emailed(manager):
    second_opinion([manager])

    assert [message.to for message in mail.outbox] == [["wang@andon.example"]]


def test_a_kind_kept_in_the_app_only_is_not_emailed_but_is_in_the_inbox(manager):
    set_email_preferences(user=manager, by_email={"second-opinion": False})

    second_opinion([manager])

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=manager, kind="second-opinion").count() == 1


def test_another_kind_still_comes_by_email(manager):
    set_email_preferences(user=manager, by_email={"second-opinion": False})

    notify(recipients=[manager], key="verdict:1", kind="verdict", params={
        "id": 7, "corrected": False, "bad_pull": False, "outcome": "rule followed", "target": "X", "category": "", "note": "-",
    })

    assert len(mail.outbox) == 1


def test_order_notices_are_emailed_even_with_a_stored_in_app_choice(customer):
    customer.email = "mei@andon.example"
    customer.save()
    NotificationPreference.objects.create(user=customer, kind="order-held", by_email=False)

    notify(recipients=[customer], key="order-held:1", kind="order-held", params={"number": "A-1", "reason": "Checked."})

    assert [message.to for message in mail.outbox] == [["mei@andon.example"]]


def test_the_service_refuses_to_switch_off_an_order_notice(customer):
    changed = set_email_preferences(user=customer, by_email={"order-held": False, "order-refunded": False})

    assert changed == [] and not NotificationPreference.objects.exists()


def test_the_preferences_of_every_recipient_are_read_in_one_query(manager):
    users = [manager, *(UserFactory(roles=["manager"], email=f"m{n}@andon.example") for n in range(4))]
    set_email_preferences(user=users[1], by_email={"second-opinion": False})

    with CaptureQueriesContext(connection) as queries:
        second_opinion(users)

    reads = [query for query in queries.captured_queries if "members_notificationpreference" in query["sql"]]
    assert len(reads) == 1
    assert len(mail.outbox) == 4


def test_changing_a_preference_leaves_an_audit_row(manager):
    set_email_preferences(user=manager, by_email={"second-opinion": False, "verdict": True})

    event = AuditEvent.objects.get(action="notification_preferences")
    assert event.actor == manager and event.note == "second-opinion=in-app"


def test_saving_the_same_choices_again_writes_nothing(manager):
    set_email_preferences(user=manager, by_email={"second-opinion": False})

    assert set_email_preferences(user=manager, by_email={"second-opinion": False}) == []
    assert AuditEvent.objects.filter(action="notification_preferences").count() == 1


def test_the_inbox_links_to_the_preferences(customer_client):
    text = customer_client.get(reverse("members:notifications")).content.decode()

    assert f'href="{PREFERENCES}"' in text


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(PREFERENCES)

    assert response.status_code == 302 and response["Location"].startswith(reverse("members:login"))


def test_a_customer_sees_the_order_notices_are_always_emailed_and_no_staff_kinds(customer_client):
    text = customer_client.get(PREFERENCES).content.decode()

    assert 'data-testid="always-by-email"' in text and 'data-kind="order-held"' in text
    assert 'data-kind="pull-opened"' not in text
    assert 'name="order-held"' not in text  # nothing to switch


def test_staff_choose_for_each_staff_kind(client, manager):
    client.force_login(manager)

    text = client.get(PREFERENCES).content.decode()

    for kind in ["pull-opened", "work-order-overdue", "verdict", "weekly-report"]:
        assert f'name="{kind}" value="email"' in text


def test_saving_the_page_keeps_the_choice_and_says_so(client, manager):
    client.force_login(manager)
    choices = {"pull-opened": "email", "warning": "app", "verdict": "email"}

    response = client.post(PREFERENCES, choices, follow=True)

    assert list(NotificationPreference.objects.values_list("kind", "by_email")) == [("warning", False)]
    assert "Your notification preferences are saved." in response.content.decode()
    assert response.context["form"]["warning"].value() == "app"


def test_a_kind_left_out_of_the_form_keeps_its_choice(client, manager):
    set_email_preferences(user=manager, by_email={"verdict": False})
    client.force_login(manager)

    client.post(PREFERENCES, {"warning": "app"})

    assert sorted(NotificationPreference.objects.values_list("kind", "by_email")) == [("verdict", False), ("warning", False)]


def test_a_choice_that_is_not_offered_is_a_400_with_a_message(client, manager):
    client.force_login(manager)

    response = client.post(PREFERENCES, {"warning": "carrier-pigeon"})

    assert response.status_code == 400
    assert "Please choose how each kind of message reaches you." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_page_is_in_chinese_for_a_chinese_reader(client, manager):
    client.force_login(manager)

    text = client.get(PREFERENCES, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "通知偏好" in text and "仅站内通知" in text


def test_a_customer_can_choose_for_replies_and_back_in_stock_and_sees_the_confirmation_always_emailed(customer_client):
    text = customer_client.get(PREFERENCES).content.decode()

    assert 'data-kind="complaint-reply"' in text and 'data-kind="back-in-stock"' in text
    assert 'data-kind="order-confirmed"' in text and "Your order is confirmed" in text


def test_staff_see_the_converted_work_order_and_compensation_kinds(client, manager):
    client.force_login(manager)

    text = client.get(PREFERENCES).content.decode()

    for kind in ("work-order-sent-back", "work-order-confirmation-overdue", "compensation-asked", "compensation-declined"):
        assert f'data-kind="{kind}"' in text
