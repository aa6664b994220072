"""Complaints through the API: filed by a call-centre or chat system for a customer, read by agents."""

import pytest

from flywheel.factories import PartnerFactory, ProductFactory
from flywheel.models import AuditEvent
from members.factories import OrderFactory, UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory, ProcessFactory
from tickets.models import Complaint

pytestmark = pytest.mark.django_db

COMPLAINTS = "/api/v1/complaints/"


@pytest.fixture
def book():
    return ProductFactory(sku="BOOK-RIVER", title="The Silent River", stock=20)


@pytest.fixture
def order(customer, book):
    return OrderFactory(customer=customer, lines=[(book, 1)])


@pytest.fixture
def body(customer, order, book):
    return {
        "customer": customer.username,
        "order_number": order.number,
        "sku": book.sku,
        "issue_code": "print-defect",
        "text": "Pages 100-101 are uncut.",
    }


def test_an_agent_files_a_complaint_about_the_customers_order_line(agent_api, agent, body, order, book):
    response = agent_api.post(COMPLAINTS, body, format="json")

    assert response.status_code == 201
    answer = response.json()
    assert answer["target"] == {"kind": "product", "key": f"product:{book.pk}", "ref": "BOOK-RIVER", "name": "The Silent River"}
    assert (answer["order_number"], answer["issue_code"], answer["channel"], answer["state"]) == (
        order.number, "print-defect", "api", "open"
    )
    complaint = Complaint.objects.get(pk=answer["id"])
    line = order.lines.get()
    assert (complaint.order_line, complaint.lot, complaint.taken_by) == (line, line.lot, agent)
    assert answer["lot"] == line.lot.code


def test_the_answer_says_the_rule_is_not_met_for_a_first_customer(agent_api, body):
    rule = agent_api.post(COMPLAINTS, body, format="json").json()["rule"]

    assert (rule["met"], rule["distinct_customers"], rule["needed"]) == (False, 1, 2)


def test_the_answer_says_the_rule_is_met_when_a_second_customer_complains(agent_api, body, book):
    earlier = ComplaintFactory(product=book, issue_code=IssueCodeFactory(code="print-defect"))

    rule = agent_api.post(COMPLAINTS, body, format="json").json()["rule"]

    assert rule["met"] is True
    assert rule["complaint_ids"][0] == earlier.pk
    assert len(rule["complaint_ids"]) == 2


def test_the_customer_can_be_named_by_id(agent_api, body, customer):
    response = agent_api.post(COMPLAINTS, {**body, "customer": str(customer.pk)}, format="json")

    assert response.status_code == 201
    assert response.json()["customer"] == customer.username


def test_a_channel_can_be_given(agent_api, body):
    response = agent_api.post(COMPLAINTS, {**body, "channel": "chat"}, format="json")

    assert Complaint.objects.get(pk=response.json()["id"]).channel == "chat"


def test_a_complaint_about_a_partner(agent_api, customer):
    partner = PartnerFactory()

    response = agent_api.post(
        COMPLAINTS,
        {"customer": customer.username, "partner": partner.pk, "issue_code": "rude-service", "text": "Shouted at me."},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["target"]["key"] == f"partner:{partner.pk}"
    assert Complaint.objects.get().partner == partner


def test_a_complaint_about_a_process(agent_api, customer):
    process = ProcessFactory(code="returns-desk")

    response = agent_api.post(
        COMPLAINTS,
        {"customer": customer.username, "process": "returns-desk", "issue_code": "late-delivery", "text": "Three weeks."},
        format="json",
    )

    assert response.status_code == 201
    assert Complaint.objects.get().process == process


def test_an_order_of_another_customer_is_refused_naming_order_number(agent_api, body, book):
    someone_elses = OrderFactory(lines=[(book, 1)])

    response = agent_api.post(COMPLAINTS, {**body, "order_number": someone_elses.number}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["order_number"]
    assert not Complaint.objects.exists()


def test_a_sku_that_is_not_on_the_order_is_refused_naming_sku(agent_api, body):
    ProductFactory(sku="MUG-1")

    response = agent_api.post(COMPLAINTS, {**body, "sku": "MUG-1"}, format="json")

    assert response.status_code == 400
    assert "no MUG-1" in response.json()["errors"]["sku"][0]
    assert not Complaint.objects.exists()


def test_an_issue_code_with_a_nul_character_is_a_400_not_a_database_error(agent_api, body):
    response = agent_api.post(COMPLAINTS, {**body, "issue_code": "print-defect\x00"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["issue_code"] == ["Null characters are not allowed."]
    assert not Complaint.objects.exists()


def test_an_unknown_customer_is_refused_naming_customer(agent_api, body):
    response = agent_api.post(COMPLAINTS, {**body, "customer": "nobody"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["customer"] == ["No customer nobody."]


def test_an_unknown_issue_code_is_refused_naming_issue_code(agent_api, body):
    response = agent_api.post(COMPLAINTS, {**body, "issue_code": "bad-vibes"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["issue_code"] == ["No issue code bad-vibes."]


def test_two_targets_at_once_are_refused(agent_api, body):
    response = agent_api.post(COMPLAINTS, {**body, "partner": PartnerFactory().pk}, format="json")

    assert response.status_code == 400
    assert "order_number and sku, or partner, or process" in response.json()["detail"]
    assert not Complaint.objects.exists()


def test_empty_text_is_refused_with_a_clear_message(agent_api, body):
    response = agent_api.post(COMPLAINTS, {**body, "text": "   "}, format="json")

    assert response.status_code == 400
    assert response.json()["detail"] == "text: Say what the customer reported."
    assert not Complaint.objects.exists()


def test_a_retry_with_the_same_key_files_one_complaint(agent_api, body):
    first = agent_api.post(COMPLAINTS, body, format="json", HTTP_IDEMPOTENCY_KEY="call-7")
    retry = agent_api.post(COMPLAINTS, body, format="json", HTTP_IDEMPOTENCY_KEY="call-7")

    assert retry.json()["id"] == first.json()["id"]
    assert Complaint.objects.count() == 1
    assert AuditEvent.objects.filter(action="file").count() == 1


@pytest.mark.parametrize("role", [None, "vendor_manager", "warehouse"])
def test_members_and_other_staff_cannot_file_complaints(api_for, body, role):
    response = api_for(UserFactory(username="someone", roles=[role] if role else [])).post(COMPLAINTS, body, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Complaint.objects.exists()


def test_an_anonymous_caller_gets_401_and_nothing_is_filed(api_client, body):
    response = api_client.post(COMPLAINTS, body, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not Complaint.objects.exists()


def test_a_manager_may_file_a_complaint(api_for, body):
    response = api_for(UserFactory(username="lead", roles=["manager"])).post(COMPLAINTS, body, format="json")

    assert response.status_code == 201


def test_the_list_filters_by_state_issue_code_and_sku(agent_api, book):
    wanted = ComplaintFactory(product=book, issue_code=IssueCodeFactory(code="print-defect"))
    ComplaintFactory(product=book, issue_code=IssueCodeFactory(code="damaged-in-transit"))
    ComplaintFactory(product=ProductFactory(), issue_code=IssueCodeFactory(code="print-defect"))

    response = agent_api.get(COMPLAINTS, {"state": "open", "issue_code": "print-defect", "sku": "BOOK-RIVER"})

    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_the_list_runs_a_fixed_number_of_queries(agent_api, book, django_assert_num_queries):
    ComplaintFactory.create_batch(3, product=book)
    ComplaintFactory(partner=PartnerFactory())

    # session, user, role groups, count, rows with everything joined
    with django_assert_num_queries(5):
        response = agent_api.get(COMPLAINTS)

    assert response.json()["count"] == 4


def test_an_unknown_state_filter_is_a_400(agent_api):
    response = agent_api.get(COMPLAINTS, {"state": "lost"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["state"]


def test_a_member_cannot_list_complaints(customer_api):
    assert customer_api.get(COMPLAINTS).status_code == 403


def test_one_complaint_shows_its_rule(agent_api, book):
    complaint = ComplaintFactory(product=book)

    response = agent_api.get(f"{COMPLAINTS}{complaint.pk}/")

    assert response.status_code == 200
    assert response.json()["rule"]["complaint_ids"] == [complaint.pk]


def test_an_unknown_complaint_is_a_404(agent_api):
    response = agent_api.get(f"{COMPLAINTS}999999/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
