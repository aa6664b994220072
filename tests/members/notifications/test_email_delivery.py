"""A notification whose e-mail fails to send is not kept: the job fails, the outbox runs it again, and it is sent once."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from flywheel.models import OutboxMessage
from flywheel.outbox.services import relay_outbox, send_after_commit
from members.factories import OrderFactory
from members.models import Notification, Order
from members.orders.jobs import tell_customers_about_hold

pytestmark = pytest.mark.django_db

FLAKY = "tests.members.notifications.test_email_delivery.MailServerDownOnce"


class MailServerDownOnce(EmailBackend):
    """The mail server refuses the first message of a test, then takes them (kept in mail.outbox).

    Like Django's SMTP backend, a connection opened with fail_silently swallows the refusal.
    """

    refused = 0

    def send_messages(self, messages):
        if MailServerDownOnce.refused == 0:
            MailServerDownOnce.refused += 1
            if self.fail_silently:
                return 0
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def held_order():
    MailServerDownOnce.refused = 0
    return OrderFactory(status=Order.Status.ON_HOLD)


def _tell_customer(order, django_capture_on_commit_callbacks) -> OutboxMessage:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_after_commit(tell_customers_about_hold, queue="notifications", order_ids=[order.pk])
    return OutboxMessage.objects.get()


@override_settings(EMAIL_BACKEND=FLAKY)
def test_a_failed_send_keeps_no_notification_and_the_message_waits_for_a_retry(held_order, django_capture_on_commit_callbacks):
    message = _tell_customer(held_order, django_capture_on_commit_callbacks)

    assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 1)
    assert "SMTPServerDisconnected" in message.last_error
    assert not Notification.objects.filter(recipient=held_order.customer).exists()
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND=FLAKY)
def test_the_retry_sends_the_email_once_and_keeps_the_notification(held_order, django_capture_on_commit_callbacks):
    message = _tell_customer(held_order, django_capture_on_commit_callbacks)

    with time_machine.travel(timezone.now() + timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        relay_outbox()
        relay_outbox()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE
    assert [m.to for m in mail.outbox] == [[held_order.customer.email]]
    assert Notification.objects.filter(recipient=held_order.customer).count() == 1
