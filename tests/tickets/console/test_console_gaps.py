"""The agent console's notes, customer lookup and product cord, as an agent uses them."""


import pytest
from django.urls import reverse

from flywheel.models import ListingState, Product
from members.factories import OrderFactory, UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory
from tickets.models import Complaint, IssueCode

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


# --- A transition's note ------------------------------------------------------------------------


def test_a_note_over_300_characters_is_refused_and_the_complaint_stays_open(agent_client, product):
    complaint = ComplaintFactory(product=product)

    response = agent_client.post(
        reverse("tickets:complaint-transition", args=[complaint.pk, "resolve"]), {"note": "x" * 301}, follow=True
    )

    assert "The note is limited to 300 characters; nothing was changed." in page_text(response)
    assert Complaint.objects.get(pk=complaint.pk).state == Complaint.State.OPEN


def test_a_note_of_300_characters_is_kept_with_the_transition(agent_client, product):
    complaint = ComplaintFactory(product=product)

    agent_client.post(reverse("tickets:complaint-transition", args=[complaint.pk, "resolve"]), {"note": "y" * 300})

    assert Complaint.objects.get(pk=complaint.pk).state == Complaint.State.RESOLVED


# --- Who counts as a customer -------------------------------------------------------------------


@pytest.mark.parametrize(
    "staff",
    [
        {"is_staff": True},
        {"is_superuser": True},
        {"roles": ["agent"]},
        {"roles": ["warehouse"]},
    ],
    ids=["admin user", "superuser", "agent", "warehouse"],
)
def test_the_customer_search_never_finds_staff(agent_client, staff):
    UserFactory(username="mei.staff", **staff)
    UserFactory(username="mei.customer")

    text = page_text(agent_client.get(reverse("tickets:complaint-new"), {"customer_q": "mei."}))

    assert text.count('data-testid="customer-result"') == 1
    assert "mei.customer" in text and "mei.staff" not in text


def test_a_complaint_cannot_be_filed_for_a_staff_member_by_id(agent_client, product):
    colleague = UserFactory(username="colleague", roles=["warehouse"])
    line = OrderFactory(customer=colleague, lines=[(product, 1)]).lines.get()

    response = agent_client.post(
        reverse("tickets:complaint-new"),
        {"customer": colleague.pk, "order_line": line.pk, "issue_code": IssueCodeFactory().pk, "channel": "phone", "text": "x"},
    )

    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_the_api_refuses_a_staff_member_as_the_customer(agent_api, product):
    manager = UserFactory(username="lead", roles=["manager"])
    order = OrderFactory(customer=manager, lines=[(product, 1)])

    response = agent_api.post(
        "/api/v1/complaints/",
        {"customer": "lead", "order_number": order.number, "sku": product.sku, "issue_code": "print-defect", "text": "Uncut"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["customer"]
    assert Complaint.objects.count() == 0


# --- The cord on the agent's product page -------------------------------------------------------


def test_the_product_page_offers_the_cord_with_every_active_issue_code_even_without_complaints(agent_client, product):
    IssueCodeFactory(code="retired-code", active=False)

    text = page_text(agent_client.get(reverse("tickets:product", args=[product.sku])))

    assert text.count('data-testid="andon-panel"') == 1
    assert f'action="{reverse("andon:product-pull", args=[product.sku])}"' in text
    assert text.count('data-testid="issue-option"') == 2 * IssueCode.objects.filter(active=True).count()  # pull + warn
    assert 'data-code="retired-code"' not in text


def test_the_picker_sits_beside_the_panels_of_issues_with_open_complaints(agent_client, product):
    ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="print-defect"))

    text = page_text(agent_client.get(reverse("tickets:product", args=[product.sku])))

    assert text.count('data-testid="andon-panel"') == 2
    assert text.count('data-testid="issue-picker"') == 2  # in the pull form and the warning form of one panel


def test_an_agent_pulls_a_product_without_complaints_from_its_page(agent_client, agent, product):
    code = IssueCodeFactory(code="print-defect")
    page = agent_client.get(reverse("tickets:product", args=[product.sku]))
    assert f'<option value="{code.pk}" data-testid="issue-option" data-code="print-defect">' in page_text(page)

    response = agent_client.post(
        reverse("andon:product-pull", args=[product.sku]),
        {"issue_code": code.pk, "reason": "Uncut pages on the shelf", "next": reverse("tickets:product", args=[product.sku])},
        follow=True,
    )

    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW
    assert "Pulled - product off sale" in page_text(response)
