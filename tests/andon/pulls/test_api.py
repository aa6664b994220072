"""The andon cord through the API: the target stops at once, a second pull is a +1, bad input writes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest

from andon.models import AndonPull, AndonWarning, PullSupport
from flywheel.factories import PartnerFactory, ProductFactory
from flywheel.models import AuditEvent, ListingState, Partner, Product
from members.factories import OrderFactory, UserFactory
from tickets.factories import ComplaintFactory, ProcessFactory
from tickets.models import Process

pytestmark = pytest.mark.django_db

PULLS = "/api/v1/pulls/"
WARNINGS = "/api/v1/warnings/"


@pytest.fixture
def book():
    return ProductFactory(sku="BOOK-RIVER", price=Decimal("50.00"), stock=20)


@pytest.fixture
def complaint(book):
    return ComplaintFactory(product=book)


def listing_state(product) -> str:
    return Product.objects.get(pk=product.pk).listing_state


def nothing_pulled(product) -> bool:
    return not AndonPull.objects.exists() and listing_state(product) == ListingState.LISTED


def test_a_pull_takes_the_product_off_sale_for_the_api_and_the_cart(agent_api, customer_api, complaint, book):
    response = agent_api.post(PULLS, {"complaint": complaint.pk, "reason": "Pages 100-101 uncut"}, format="json")

    assert response.status_code == 201
    product = customer_api.get(f"/api/v1/products/{book.sku}/").json()
    assert (product["buyable"], product["listing_state"]) == (False, "under_review")
    assert customer_api.post("/api/v1/cart/items/", {"sku": book.sku}, format="json").status_code == 409


def test_a_new_pull_answers_what_it_put_at_stake(agent_api, complaint, book):
    OrderFactory(lines=[(book, 3)])  # 150.00, plus the 50.00 behind the complaint

    answer = agent_api.post(PULLS, {"complaint": complaint.pk, "reason": "Pages 100-101 uncut"}, format="json").json()

    assert answer["id"] == AndonPull.objects.get().pk
    assert (answer["state"], answer["joined"], answer["rule_met"], answer["complaints"]) == ("open", False, False, 1)
    assert answer["target"]["key"] == f"product:{book.pk}"
    assert answer["gmv_at_stake"] == "200.00"


def test_a_second_pull_on_the_target_joins_with_200_and_the_same_pull(api_for, agent_api, complaint, book):
    first = agent_api.post(PULLS, {"complaint": complaint.pk, "reason": "Pages uncut"}, format="json").json()
    other_agent = api_for(UserFactory(username="agent2", roles=["agent"]))

    response = other_agent.post(PULLS, {"complaint": ComplaintFactory(product=book).pk, "reason": "Same"}, format="json")

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["joined"]) == (first["id"], True)
    assert (response.json()["complaints"], response.json()["supporters"]) == (2, 2)
    assert AndonPull.objects.count() == 1


def test_a_retry_with_the_same_key_returns_the_same_pull_and_writes_nothing(agent_api, complaint):
    body = {"complaint": complaint.pk, "reason": "Pages uncut"}
    first = agent_api.post(PULLS, body, format="json", HTTP_IDEMPOTENCY_KEY="pull-1")
    audit_rows = AuditEvent.objects.count()

    retry = agent_api.post(PULLS, body, format="json", HTTP_IDEMPOTENCY_KEY="pull-1")

    assert (retry.status_code, retry.json()) == (201, first.json())
    assert retry["Idempotent-Replayed"] == "true"
    assert (AndonPull.objects.count(), PullSupport.objects.count(), AuditEvent.objects.count()) == (1, 1, audit_rows)


def test_a_product_can_be_pulled_by_sku_and_issue_code(agent_api, book):
    response = agent_api.post(
        PULLS, {"target_kind": "product", "target": "BOOK-RIVER", "issue_code": "print-defect", "reason": "Uncut"},
        format="json",
    )

    assert response.status_code == 201
    assert listing_state(book) == ListingState.UNDER_REVIEW


def test_a_partner_pull_hides_the_partner(agent_api):
    partner = PartnerFactory()

    agent_api.post(
        PULLS, {"target_kind": "partner", "target": str(partner.pk), "issue_code": "rude-service", "reason": "Abusive"},
        format="json",
    )

    assert Partner.objects.get(pk=partner.pk).listing_state == ListingState.UNDER_REVIEW


def test_a_process_pull_turns_the_process_red(agent_api):
    ProcessFactory(code="returns-desk")

    agent_api.post(
        PULLS, {"target_kind": "process", "target": "returns-desk", "issue_code": "late-delivery", "reason": "Stuck"},
        format="json",
    )

    assert Process.objects.get(code="returns-desk").lamp == Process.Lamp.RED


def test_an_empty_reason_is_refused_and_nothing_is_pulled(agent_api, complaint, book):
    response = agent_api.post(PULLS, {"complaint": complaint.pk, "reason": "  "}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["reason"] == ["Type one line saying why you pull the cord."]
    assert nothing_pulled(book)


def test_a_100_kb_reason_is_refused_as_too_long_and_nothing_is_pulled(agent_api, complaint, book):
    response = agent_api.post(PULLS, {"complaint": complaint.pk, "reason": "x" * 100_000}, format="json")

    assert response.status_code == 400
    assert "at most 200 characters" in response.json()["detail"]
    assert nothing_pulled(book)


@pytest.mark.parametrize("headers", [{}, {"HTTP_IDEMPOTENCY_KEY": "bytes-1"}], ids=["no-key", "with-key"])
def test_a_body_that_is_not_utf8_is_a_json_400(agent_api, complaint, book, headers):
    raw = b'{"complaint": %d, "reason": "\xff\xfe"}' % complaint.pk

    response = agent_api.post(PULLS, raw, content_type="application/json", **headers)

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert nothing_pulled(book)


def test_an_unknown_complaint_is_a_400_naming_complaint(agent_api, book):
    response = agent_api.post(PULLS, {"complaint": 987654, "reason": "Uncut"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["complaint"] == ["No complaint #987654."]
    assert nothing_pulled(book)


def test_an_unknown_target_is_a_400_naming_target(agent_api, book):
    response = agent_api.post(
        PULLS, {"target_kind": "product", "target": "NO-SUCH", "issue_code": "print-defect", "reason": "Uncut"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["target"] == ["No product NO-SUCH."]
    assert nothing_pulled(book)


def test_an_issue_code_with_a_nul_character_is_a_400_not_a_database_error(agent_api, book):
    response = agent_api.post(
        PULLS, {"target_kind": "product", "target": book.sku, "issue_code": "print-defect\x00", "reason": "Uncut"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"issue_code": ["Null characters are not allowed."]}
    assert nothing_pulled(book)


def test_a_partner_id_too_large_for_the_database_is_a_400(agent_api):
    response = agent_api.post(
        PULLS, {"target_kind": "partner", "target": "9" * 30, "issue_code": "rude-service", "reason": "Abusive"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["target"]


def test_a_target_without_an_issue_code_is_refused(agent_api, book):
    response = agent_api.post(PULLS, {"target_kind": "product", "target": "BOOK-RIVER", "reason": "Uncut"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["issue_code"]
    assert nothing_pulled(book)


@pytest.mark.parametrize("role", [None, "vendor_manager", "executive"])
def test_members_and_staff_off_the_front_line_cannot_pull(api_for, complaint, book, role):
    puller = api_for(UserFactory(username="someone", roles=[role] if role else []))

    response = puller.post(PULLS, {"complaint": complaint.pk, "reason": "Uncut"}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "This needs one of these roles: customer-service agent, customer-service manager."
    assert nothing_pulled(book)


def test_an_anonymous_pull_is_a_401_and_nothing_is_pulled(api_client, complaint, book):
    response = api_client.post(PULLS, {"complaint": complaint.pk, "reason": "Uncut"}, format="json")

    assert response.status_code == 401
    assert nothing_pulled(book)


def test_a_manager_may_pull(api_for, complaint):
    response = api_for(UserFactory(username="lead", roles=["manager"])).post(
        PULLS, {"complaint": complaint.pk, "reason": "Uncut"}, format="json"
    )

    assert response.status_code == 201


def test_a_vendor_manager_may_read_the_pulls(api_for, agent_api, complaint):
    agent_api.post(PULLS, {"complaint": complaint.pk, "reason": "Uncut"}, format="json")

    response = api_for(UserFactory(username="vm", roles=["vendor_manager"])).get(PULLS)

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_member_cannot_read_the_pulls(customer_api):
    assert customer_api.get(PULLS).status_code == 403


def test_an_anonymous_caller_cannot_read_the_pulls(api_client):
    assert api_client.get(PULLS).status_code == 401


def test_the_pull_list_filters_by_state(agent_api, complaint):
    pull_id = agent_api.post(PULLS, {"complaint": complaint.pk, "reason": "Uncut"}, format="json").json()["id"]

    open_ids = [row["id"] for row in agent_api.get(PULLS, {"state": "open"}).json()["results"]]
    closed_ids = [row["id"] for row in agent_api.get(PULLS, {"state": "closed"}).json()["results"]]

    assert (open_ids, closed_ids) == ([pull_id], [])


def test_the_pull_list_is_newest_first(agent_api):
    ids = []
    for _ in range(3):
        product = ProductFactory(stock=1)
        ids.append(agent_api.post(PULLS, {"complaint": ComplaintFactory(product=product).pk, "reason": "Uncut"}, format="json").json()["id"])
    # The oldest pull is made the newest by time alone, so the order cannot come from the ids.
    AndonPull.objects.filter(pk=ids[0]).update(pulled_at=AndonPull.objects.get(pk=ids[2]).pulled_at + timedelta(minutes=5))

    listed = [row["id"] for row in agent_api.get(PULLS).json()["results"]]

    assert listed == [ids[0], ids[2], ids[1]]


def test_one_pull_shows_its_complaints_count(agent_api, complaint):
    pull_id = agent_api.post(PULLS, {"complaint": complaint.pk, "reason": "Uncut"}, format="json").json()["id"]

    response = agent_api.get(f"{PULLS}{pull_id}/")

    assert (response.status_code, response.json()["complaints"], response.json()["reason"]) == (200, 1, "Uncut")


def test_an_unknown_pull_is_a_404(agent_api):
    assert agent_api.get(f"{PULLS}424242/").status_code == 404


def test_a_warning_tells_the_owners_and_keeps_the_product_on_sale(agent_api, complaint, book):
    response = agent_api.post(WARNINGS, {"complaint": complaint.pk, "reason": "Looks systemic"}, format="json")

    assert response.status_code == 201
    assert response.json()["target"]["ref"] == "BOOK-RIVER"
    assert AndonWarning.objects.get().reason == "Looks systemic"
    assert nothing_pulled(book)


def test_a_member_cannot_raise_a_warning(customer_api, complaint):
    response = customer_api.post(WARNINGS, {"complaint": complaint.pk, "reason": "Looks systemic"}, format="json")

    assert response.status_code == 403
    assert not AndonWarning.objects.exists()
