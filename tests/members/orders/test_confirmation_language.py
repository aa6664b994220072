"""The order confirmation keeps its numbers and per-language titles: it is read in the reader's language."""

from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from flywheel.factories import ProductFactory
from members.factories import OrderFactory
from members.models import Notification, NotificationPreference
from members.orders.jobs import confirm_order_by_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(customer):
    lamp = ProductFactory(title="Reading lamp", title_zh="阅读灯", price=Decimal("120.00"))
    return OrderFactory(customer=customer, language="en", lines=[(lamp, 2)])


def test_the_confirmation_sent_in_english_lists_the_lines_in_chinese_when_read_in_chinese(order):
    confirm_order_by_email(order_id=order.pk)
    note = Notification.objects.get(recipient=order.customer)

    with translation.override("zh-hans"):
        subject, body = note.display_subject, note.display_body

    assert "2 × Reading lamp: ¥240.00" in note.body
    assert subject == f"订单 {order.number} 已确认"
    assert "2 × 阅读灯：¥240.00" in body and "Reading lamp" not in body


def test_the_confirmation_keeps_its_key_and_kind(order):
    confirm_order_by_email(order_id=order.pk)

    note = Notification.objects.get(recipient=order.customer)
    assert (note.kind, note.key) == ("order-confirmed", f"order-confirmed:{order.pk}")


def test_the_confirmation_is_emailed_even_with_a_stored_in_app_choice(order):
    order.customer.email = "mei@andon.example"
    order.customer.save()
    NotificationPreference.objects.create(user=order.customer, kind="order-confirmed", by_email=False)

    confirm_order_by_email(order_id=order.pk)

    assert [message.subject for message in mail.outbox] == [f"Order {order.number} is confirmed"]
