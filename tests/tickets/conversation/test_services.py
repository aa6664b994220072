"""Replies, internal notes and the customer's messages: who may write, what is recorded, who is told."""

from datetime import datetime, timezone as dt_timezone

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied

from flywheel.errors import DomainError
from flywheel.models import AuditEvent
from members.accounts.models import Profile
from members.factories import UserFactory
from members.models import Notification
from tickets.conversation.services import add_internal_note, reply_as_customer, reply_to_customer
from tickets.complaints.services import close_complaint, resolve_complaint
from tickets.models import Complaint, ComplaintMessage

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 30, 4, 0, tzinfo=dt_timezone.utc)


def test_a_reply_records_when_the_customer_last_heard_from_us(complaint, agent):
    reply_to_customer(complaint=complaint, author=agent, body="We are sending a new copy.", now=NOON)

    complaint.refresh_from_db()
    assert complaint.last_reply_to_customer_at == NOON


def test_an_internal_note_does_not_count_as_hearing_from_us(complaint, agent):
    add_internal_note(complaint=complaint, author=agent, body="Third report on this lot.")

    complaint.refresh_from_db()
    assert complaint.last_reply_to_customer_at is None


def test_each_message_leaves_an_audit_row_with_its_author(complaint, agent):
    reply = reply_to_customer(complaint=complaint, author=agent, body="Sorry about that.")
    note = add_internal_note(complaint=complaint, author=agent, body="Check the lot.")

    rows = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(ComplaintMessage))
    assert sorted(rows.values_list("object_id", "action", "actor")) == sorted(
        [(str(reply.pk), "message:reply", agent.pk), (str(note.pk), "message:note", agent.pk)]
    )


def test_the_customer_is_told_in_app_and_by_email(complaint, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_customer(complaint=complaint, author=agent, body="A new copy ships today.")

    notification = Notification.objects.get(recipient=complaint.customer)
    assert notification.subject == f"We replied to your report #{complaint.pk}"
    assert notification.link == f"/orders/reports/{complaint.pk}/"
    assert [message.to for message in mail.outbox] == [[complaint.customer.email]]
    assert "A new copy ships today." in mail.outbox[0].body
    assert f"/orders/reports/{complaint.pk}/" in mail.outbox[0].body


def test_the_customer_is_told_in_the_language_they_chose(complaint, agent, django_capture_on_commit_callbacks):
    Profile.objects.create(user=complaint.customer, language="zh-hans")

    with django_capture_on_commit_callbacks(execute=True):
        reply_to_customer(complaint=complaint, author=agent, body="新书今天寄出。")

    assert mail.outbox[0].subject == f"我们回复了您的反馈 #{complaint.pk}"


def test_an_internal_note_tells_the_customer_nothing(complaint, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_internal_note(complaint=complaint, author=agent, body="Customer sounds upset; handle gently.")

    assert not Notification.objects.filter(recipient=complaint.customer).exists()
    assert mail.outbox == []


def test_a_reply_that_rolls_back_tells_nobody(complaint, agent, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            reply_to_customer(complaint=complaint, author=agent, body="Sent and then undone.")
            raise RuntimeError("the request failed later")

    assert mail.outbox == []
    assert not ComplaintMessage.objects.exists()


def test_a_member_cannot_reply_as_customer_service(complaint, customer):
    with pytest.raises(PermissionDenied):
        reply_to_customer(complaint=complaint, author=customer, body="I reply to myself.")


def test_a_back_office_clerk_cannot_write_internal_notes(complaint):
    with pytest.raises(PermissionDenied):
        add_internal_note(complaint=complaint, author=UserFactory(username="clerk", roles=["warehouse"]), body="Hm.")


def test_an_empty_reply_is_refused(complaint, agent):
    with pytest.raises(DomainError, match="Write the message first."):
        reply_to_customer(complaint=complaint, author=agent, body="   ")


def test_a_reply_over_5000_characters_is_refused(complaint, agent):
    with pytest.raises(DomainError, match="at most 5000 characters"):
        reply_to_customer(complaint=complaint, author=agent, body="x" * 5001)


def test_the_customer_answers_on_their_complaint(complaint, customer):
    message = reply_as_customer(complaint=complaint, customer=customer, body="Thank you, waiting for it.")

    assert message.kind == ComplaintMessage.Kind.CUSTOMER
    assert list(complaint.messages.all()) == [message]


def test_a_member_cannot_write_on_another_members_complaint(complaint, other_member):
    with pytest.raises(PermissionDenied):
        reply_as_customer(complaint=complaint, customer=other_member, body="Me too.")


def test_the_customer_answering_a_resolved_complaint_opens_it_again(complaint, customer, agent):
    resolve_complaint(complaint=complaint, actor=agent)

    reply_as_customer(complaint=complaint, customer=customer, body="The new copy is uncut too.")

    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.OPEN


def test_a_closed_complaint_takes_no_more_messages(complaint, customer, agent):
    resolve_complaint(complaint=complaint, actor=agent)
    close_complaint(complaint=Complaint.objects.get(pk=complaint.pk), actor=agent)

    with pytest.raises(DomainError, match="This report is closed."):
        reply_as_customer(complaint=complaint, customer=customer, body="Hello?")


def test_the_agent_who_took_the_complaint_hears_the_customers_answer(
    complaint, customer, agent, django_capture_on_commit_callbacks
):
    Complaint.objects.filter(pk=complaint.pk).update(taken_by=agent)
    complaint.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        reply_as_customer(complaint=complaint, customer=customer, body="Any news?")

    notification = Notification.objects.get(recipient=agent)
    assert notification.subject == f"The customer answered on complaint #{complaint.pk}"
    assert notification.link == f"/agent/complaints/{complaint.pk}/"
