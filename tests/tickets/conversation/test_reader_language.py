"""The conversation's notices keep their kind and parameters: each is read in the language its reader uses now."""

import pytest
from django.urls import reverse

from flywheel.factories import ProductFactory
from members.models import Notification
from tickets.conversation.services import reply_as_customer, reply_to_customer
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def inbox_text(client) -> str:
    return client.get(reverse("members:notifications")).content.decode()


def switch_language(client, code: str) -> None:
    client.post(reverse("set_language"), {"language": code, "next": "/"})


@pytest.fixture
def lamp_complaint(customer):
    lamp = ProductFactory(title="Reading lamp", title_zh="阅读灯")
    return ComplaintFactory(customer=customer, product=lamp, text="It flickers.")


def test_a_reply_sent_in_english_is_read_in_chinese_after_the_switch(
    customer_client, lamp_complaint, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_customer(complaint=lamp_complaint, author=agent, body="A new lamp ships today.")
    switch_language(customer_client, "zh-hans")

    text = inbox_text(customer_client)

    assert f"我们回复了您的反馈 #{lamp_complaint.pk}" in text
    assert "We replied to your report" not in text


def test_the_reply_names_the_product_in_the_readers_language(customer, lamp_complaint, agent, django_capture_on_commit_callbacks):
    from django.utils import translation

    with django_capture_on_commit_callbacks(execute=True):
        reply_to_customer(complaint=lamp_complaint, author=agent, body="A new lamp ships today.")
    note = Notification.objects.get(recipient=customer)

    with translation.override("zh-hans"):
        chinese = note.display_body

    assert "阅读灯" in chinese and "A new lamp ships today." in chinese
    assert "Reading lamp" in note.display_body


def test_the_reply_is_stored_as_its_kind_with_the_same_key(customer, lamp_complaint, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = reply_to_customer(complaint=lamp_complaint, author=agent, body="A new lamp ships today.")

    note = Notification.objects.get(recipient=customer)
    assert (note.kind, note.key) == ("complaint-reply", f"complaint-reply:{message.pk}")


def test_the_customers_answer_is_read_by_the_agent_in_chinese(
    client, customer, lamp_complaint, agent, django_capture_on_commit_callbacks
):
    lamp_complaint.taken_by = agent
    lamp_complaint.save(update_fields=["taken_by"])
    with django_capture_on_commit_callbacks(execute=True):
        reply_as_customer(complaint=lamp_complaint, customer=customer, body="Thank you.")
    client.force_login(agent)
    switch_language(client, "zh-hans")

    text = inbox_text(client)

    assert f"顾客在投诉 #{lamp_complaint.pk} 上回复了" in text
    assert "The customer answered on complaint" not in text
