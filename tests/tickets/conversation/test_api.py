"""The member's reports through their API: their own only, never an internal note."""

import pytest
from django.urls import reverse

from tickets.conversation.services import add_internal_note, reply_to_customer
from tickets.models import ComplaintMessage

pytestmark = pytest.mark.django_db

NOTE = "Internal: this customer has asked for refunds four times this year."


@pytest.fixture
def conversation(complaint, agent):
    reply_to_customer(complaint=complaint, author=agent, body="A new copy ships today.")
    add_internal_note(complaint=complaint, author=agent, body=NOTE)
    return complaint


def test_the_member_lists_their_reports_with_our_reply(customer_api, conversation):
    response = customer_api.get(reverse("api-my-reports"))

    assert response.status_code == 200
    (report,) = response.json()["results"]
    assert report["id"] == conversation.pk
    assert [(m["kind"], m["body"]) for m in report["messages"]] == [("reply", "A new copy ships today.")]
    assert report["last_reply_to_customer_at"] is not None


def test_the_members_api_never_carries_an_internal_note(customer_api, conversation):
    listing = customer_api.get(reverse("api-my-reports")).content.decode()
    detail = customer_api.get(reverse("api-my-report", args=[conversation.pk])).content.decode()

    assert NOTE not in listing
    assert NOTE not in detail
    assert '"note"' not in detail


def test_another_members_report_is_404_in_the_api(api_for, other_member, conversation):
    api = api_for(other_member)

    assert api.get(reverse("api-my-report", args=[conversation.pk])).status_code == 404
    assert api.post(reverse("api-my-report-messages", args=[conversation.pk]), {"body": "Me too"}, format="json").status_code == 404
    assert api.get(reverse("api-my-reports")).json()["results"] == []


def test_the_member_answers_through_the_api(customer_api, conversation):
    response = customer_api.post(
        reverse("api-my-report-messages", args=[conversation.pk]), {"body": "Thank you."}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["kind"] == "customer"
    assert conversation.messages.filter(kind=ComplaintMessage.Kind.CUSTOMER, body="Thank you.").exists()


def test_an_empty_answer_through_the_api_is_400(customer_api, conversation):
    response = customer_api.post(reverse("api-my-report-messages", args=[conversation.pk]), {"body": ""}, format="json")

    assert response.status_code == 400


def test_the_list_costs_the_same_queries_for_many_reports(customer_api, customer, agent, book, conversation, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tickets.factories import ComplaintFactory

    with CaptureQueriesContext(connection) as one_report:
        customer_api.get(reverse("api-my-reports"))
    for n in range(4):
        reply_to_customer(complaint=ComplaintFactory(customer=customer, product=book), author=agent, body=f"Answer {n}")

    with django_assert_num_queries(len(one_report.captured_queries)):
        customer_api.get(reverse("api-my-reports"))
