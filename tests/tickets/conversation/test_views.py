"""The conversation on the console page, on the member's order page and in "My reports"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from flywheel.factories import ProductFactory
from members.factories import UserFactory
from tickets.conversation.services import add_internal_note, reply_as_customer, reply_to_customer
from tickets.factories import ComplaintFactory
from tickets.models import Complaint, ComplaintMessage

pytestmark = pytest.mark.django_db

NOTE = "Internal: third uncut copy from lot L-7, ask the supplier."
REPLY = "We are sorry: a new copy ships today."


def console_page(client, complaint) -> str:
    return client.get(reverse("tickets:complaint", args=[complaint.pk])).content.decode()


def write(client, complaint, body, kind):
    return client.post(reverse("tickets:complaint-message", args=[complaint.pk]), {"body": body, "kind": kind})


# --- The console ---------------------------------------------------------------------------


def test_the_agent_replies_from_the_complaint_page(agent_client, complaint):
    response = write(agent_client, complaint, REPLY, "reply")

    assert response.status_code == 302
    assert response["Location"].endswith(f"/agent/complaints/{complaint.pk}/#conversation")
    message = ComplaintMessage.objects.get()
    assert (message.kind, message.body) == (ComplaintMessage.Kind.REPLY, REPLY)
    page = agent_client.get(response["Location"]).content.decode()
    assert "Reply sent to the customer (in-app and by e-mail)." in page
    assert REPLY in page


def test_the_agent_adds_an_internal_note_marked_as_such(agent_client, complaint):
    write(agent_client, complaint, NOTE, "note")

    page = console_page(agent_client, complaint)
    assert ComplaintMessage.objects.get().kind == ComplaintMessage.Kind.NOTE
    assert 'data-testid="thread-note"' in page
    assert "Internal note: staff only" in page


def test_the_timeline_is_in_time_order_with_state_changes(agent_client, agent, customer, complaint):
    from tickets.complaints.services import resolve_complaint

    reply_to_customer(complaint=complaint, author=agent, body="First: we are on it.")
    add_internal_note(complaint=complaint, author=agent, body="Second: supplier called.")
    resolve_complaint(complaint=complaint, actor=agent)
    reply_as_customer(complaint=Complaint.objects.get(pk=complaint.pk), customer=customer, body="Third: still uncut.")

    page = console_page(agent_client, complaint)
    positions = [page.index(text) for text in ("First: we are on it.", "Second: supplier called.", "Now resolved", "Third: still uncut.", "Now open")]
    assert positions == sorted(positions)


def test_an_empty_message_is_refused_with_a_clear_message(agent_client, complaint):
    response = write(agent_client, complaint, "", "reply")

    assert not ComplaintMessage.objects.exists()
    assert "Write the message first." in agent_client.get(response["Location"]).content.decode()


def test_a_refused_message_is_put_back_in_the_box(agent_client, complaint):
    response = write(agent_client, complaint, "Text with a bad \x07 character", "reply")

    page = agent_client.get(response["Location"]).content.decode()
    assert "contains characters that are not readable text" in page
    assert "Text with a bad" in page


def test_a_member_cannot_post_on_the_console(customer_client, complaint):
    assert write(customer_client, complaint, "Sneaky", "reply").status_code == 403
    assert not ComplaintMessage.objects.exists()


def test_the_console_thread_costs_a_fixed_number_of_queries(agent_client, agent, complaint, django_assert_num_queries):
    reply_to_customer(complaint=complaint, author=agent, body="Reply")
    console_page(agent_client, complaint)  # the first visit fills the content-type cache
    with CaptureQueriesContext(connection) as one_message:
        console_page(agent_client, complaint)
    for n in range(10):
        add_internal_note(complaint=complaint, author=UserFactory(username=f"colleague{n}", roles=["agent"]), body=f"Note {n}")

    with django_assert_num_queries(len(one_message.captured_queries)):
        console_page(agent_client, complaint)


# --- The member's side ---------------------------------------------------------------------


@pytest.fixture
def conversation(complaint, agent):
    reply_to_customer(complaint=complaint, author=agent, body=REPLY)
    add_internal_note(complaint=complaint, author=agent, body=NOTE)
    return complaint


def test_the_member_reads_our_reply_on_their_order_page(customer_client, conversation):
    order = conversation.order_line.order

    page = customer_client.get(reverse("members:order-detail", args=[order.number])).content.decode()

    assert REPLY in page
    assert reverse("selfservice:report", args=[conversation.pk]) in page


def test_the_member_never_sees_an_internal_note_on_their_order_page(customer_client, conversation):
    order = conversation.order_line.order

    page = customer_client.get(reverse("members:order-detail", args=[order.number])).content.decode()

    assert NOTE not in page


def test_the_member_reads_the_conversation_in_my_reports(customer_client, conversation):
    page = customer_client.get(reverse("selfservice:report", args=[conversation.pk])).content.decode()

    assert REPLY in page
    assert "Pages 100-101 are uncut." in page
    assert NOTE not in page


def test_my_reports_lists_the_members_reports_with_their_state_and_last_reply(customer_client, conversation):
    page = customer_client.get(reverse("selfservice:reports")).content.decode()

    assert f"Report #{conversation.pk}" in page
    assert "Open: we are on it" in page
    assert REPLY in page
    assert NOTE not in page


def test_my_reports_shows_only_the_members_own_reports(customer_client, complaint, other_member):
    theirs = ComplaintFactory(customer=other_member, product=ProductFactory(), text="Someone else's words.")

    page = customer_client.get(reverse("selfservice:reports")).content.decode()

    assert f"Report #{complaint.pk}" in page
    assert f"Report #{theirs.pk}" not in page


def test_my_reports_explains_itself_when_empty(customer_client):
    page = customer_client.get(reverse("selfservice:reports")).content.decode()

    assert "No reports yet" in page


def test_the_header_links_my_reports_for_a_signed_in_member(customer_client):
    page = customer_client.get(reverse("members:orders")).content.decode()

    assert f'href="{reverse("selfservice:reports")}" data-testid="my-reports-link"' in page


def test_another_members_report_is_404(client, other_member, conversation):
    client.force_login(other_member)

    assert client.get(reverse("selfservice:report", args=[conversation.pk])).status_code == 404
    assert client.post(reverse("selfservice:report", args=[conversation.pk]), {"body": "Me too"}).status_code == 404
    assert not ComplaintMessage.objects.filter(kind=ComplaintMessage.Kind.CUSTOMER).exists()


def test_the_member_answers_from_my_reports(customer_client, conversation):
    response = customer_client.post(reverse("selfservice:report", args=[conversation.pk]), {"body": "Thanks, I will wait."})

    assert response.status_code == 302
    page = customer_client.get(response["Location"]).content.decode()
    assert "Thanks, I will wait." in page
    assert "Your message is sent." in page


def test_an_empty_answer_is_refused_with_a_clear_error(customer_client, conversation):
    response = customer_client.post(reverse("selfservice:report", args=[conversation.pk]), {"body": ""})

    assert response.status_code == 400
    assert "Write your message first." in response.content.decode()


def test_a_closed_report_says_so_instead_of_offering_a_reply(customer_client, conversation, agent):
    from tickets.complaints.services import close_complaint, resolve_complaint

    resolve_complaint(complaint=conversation, actor=agent)
    close_complaint(complaint=Complaint.objects.get(pk=conversation.pk), actor=agent)

    page = customer_client.get(reverse("selfservice:report", args=[conversation.pk])).content.decode()

    assert 'data-testid="report-closed"' in page
    assert 'data-testid="customer-message-form"' not in page


def test_my_reports_costs_the_same_queries_for_one_report_or_many(
    customer_client, customer, agent, book, conversation, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as one_report:
        customer_client.get(reverse("selfservice:reports"))
    for n in range(5):
        more = ComplaintFactory(customer=customer, product=book, text=f"Problem {n}")
        reply_to_customer(complaint=more, author=agent, body=f"Answer {n}")
        add_internal_note(complaint=more, author=agent, body=f"Note {n}")

    with django_assert_num_queries(len(one_report.captured_queries)):
        customer_client.get(reverse("selfservice:reports"))


# --- Never through the API -------------------------------------------------------------------


def test_a_member_cannot_read_a_complaint_through_the_api(customer_api, conversation):
    assert customer_api.get(reverse("api-complaint", args=[conversation.pk])).status_code == 403


def test_the_members_order_api_carries_no_internal_note(customer_api, conversation):
    order = conversation.order_line.order

    response = customer_api.get(reverse("api-order", args=[order.number]))

    assert response.status_code == 200
    assert NOTE not in response.content.decode()


# --- The admin -------------------------------------------------------------------------------


def test_the_admin_shows_the_conversation_read_only_beside_the_complaint(admin_client, conversation):
    page = admin_client.get(reverse("admin:tickets_complaint_change", args=[conversation.pk])).content.decode()

    assert REPLY in page
    assert NOTE in page
    assert 'name="messages-0-body"' not in page
