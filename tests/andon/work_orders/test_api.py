"""Work orders and root-cause reviews through the API: department scope, quality confirms, the last confirm relists."""

from datetime import timedelta

import pytest
from django.utils import timezone

from andon.models import WorkOrder
from andon.pulls.services import pull_andon
from andon.work_orders.services import record_supplier_answer
from flywheel.models import AuditEvent, ListingState, Product
from tickets.factories import ComplaintFactory, ProcessFactory

pytestmark = pytest.mark.django_db

Kind, Outcome, State = WorkOrder.Kind, WorkOrder.Outcome, WorkOrder.State


@pytest.fixture
def pull(pull, people):
    """The shared pull, its supplier work order answered so that the vendor manager may resolve it."""
    record_supplier_answer(
        work_order=pull.work_orders.get(kind=Kind.SUPPLIER), complaint=pull.supports.get().complaint,
        answer="Binding machine fault", actor=people["vendor_manager"],
    )
    return pull


def _work_order(pull, kind) -> WorkOrder:
    return pull.work_orders.get(kind=kind)


def _url(work_order, action="") -> str:
    return f"/api/v1/work-orders/{work_order.pk}/" + (f"{action}/" if action else "")


def _start_and_resolve(client, work_order, outcome):
    assert client.post(_url(work_order, "start")).status_code == 200
    response = client.post(_url(work_order, "resolve"), {"outcome": outcome, "notes": "Checked every unit"}, format="json")
    assert response.status_code == 200, response.json()
    return response


# --- Scope ----------------------------------------------------------------------------------


def test_the_warehouse_lists_only_its_own_work_order(api, pull):
    body = api["warehouse"].get("/api/v1/work-orders/").json()

    assert [(row["kind"], row["department"]) for row in body["results"]] == [("warehouse", "warehouse")]


def test_the_warehouse_does_not_see_the_supplier_work_order(api, pull):
    response = api["warehouse"].get(_url(_work_order(pull, Kind.SUPPLIER)))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_vendor_manager_sees_the_supplier_work_order(api, pull):
    response = api["vendor_manager"].get(_url(_work_order(pull, Kind.SUPPLIER)))

    assert (response.status_code, response.json()["target"]["ref"]) == (200, "BOOK-RIVER")


def test_quality_sees_resolved_work_orders_of_other_departments_to_confirm(api, pull):
    _start_and_resolve(api["warehouse"], _work_order(pull, Kind.WAREHOUSE), Outcome.NO_DEFECT)

    body = api["quality"].get("/api/v1/work-orders/").json()

    assert [(row["kind"], row["state"]) for row in body["results"]] == [("warehouse", "resolved")]


def test_managers_and_executives_see_every_department(api, pull):
    kinds = {name: sorted(row["kind"] for row in api[name].get("/api/v1/work-orders/").json()["results"]) for name in ("manager", "executive")}

    assert kinds == {"manager": ["supplier", "warehouse"], "executive": ["supplier", "warehouse"]}


def test_a_member_is_refused_the_work_orders(api, pull):
    assert api["member"].get("/api/v1/work-orders/").status_code == 403


def test_an_agent_sees_only_the_work_orders_of_a_process_they_own(api, people, pull):
    assert api["agent"].get("/api/v1/work-orders/").json()["results"] == []

    process = ProcessFactory(owner=people["agent"])
    process_pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(process=process), reason="Refund desk slow").pull

    rows = api["agent"].get("/api/v1/work-orders/").json()["results"]
    assert [(row["id"], row["department"]) for row in rows] == [(process_pull.work_orders.get().pk, "process_owner")]


def test_the_overdue_filter_lists_active_work_orders_past_due(api, pull):
    WorkOrder.objects.filter(pk=_work_order(pull, Kind.WAREHOUSE).pk).update(due_at=timezone.now() - timedelta(hours=1))

    body = api["manager"].get("/api/v1/work-orders/", {"overdue": "true"}).json()

    assert [(row["kind"], row["overdue"]) for row in body["results"]] == [("warehouse", True)]


def test_without_the_overdue_filter_overdue_work_orders_are_listed_too(api, pull):
    WorkOrder.objects.filter(pk=_work_order(pull, Kind.WAREHOUSE).pk).update(due_at=timezone.now() - timedelta(hours=1))

    body = api["manager"].get("/api/v1/work-orders/").json()

    assert sorted((row["kind"], row["overdue"]) for row in body["results"]) == [("supplier", False), ("warehouse", True)]


def test_the_state_and_department_filters_narrow_the_list(api, pull):
    _start_and_resolve(api["vendor_manager"], _work_order(pull, Kind.SUPPLIER), Outcome.UNITS_FIXED)

    body = api["manager"].get("/api/v1/work-orders/", {"state": "open", "department": "warehouse"}).json()

    assert [row["kind"] for row in body["results"]] == ["warehouse"]


# --- Transitions ----------------------------------------------------------------------------


def test_a_department_cannot_move_another_departments_work_order(api, pull):
    response = api["warehouse"].post(_url(_work_order(pull, Kind.SUPPLIER), "start"))

    assert response.status_code == 404
    assert _work_order(pull, Kind.SUPPLIER).state == State.OPEN


def test_only_quality_confirms(api, pull):
    supplier_order = _work_order(pull, Kind.SUPPLIER)
    _start_and_resolve(api["vendor_manager"], supplier_order, Outcome.UNITS_FIXED)

    response = api["vendor_manager"].post(_url(supplier_order, "confirm"))

    assert response.status_code == 403
    assert "quality" in response.json()["detail"]
    assert _work_order(pull, Kind.SUPPLIER).state == State.RESOLVED


def test_the_last_confirmation_through_the_api_relists_the_product(api, pull, product):
    _start_and_resolve(api["vendor_manager"], _work_order(pull, Kind.SUPPLIER), Outcome.UNITS_FIXED)
    _start_and_resolve(api["warehouse"], _work_order(pull, Kind.WAREHOUSE), Outcome.NO_DEFECT)
    assert api["quality"].post(_url(_work_order(pull, Kind.SUPPLIER), "confirm")).status_code == 200
    assert api["member"].get("/api/v1/products/BOOK-RIVER/").json()["buyable"] is False

    response = api["quality"].post(_url(_work_order(pull, Kind.WAREHOUSE), "confirm"))

    assert (response.status_code, response.json()["state"]) == (200, "closed")
    assert api["member"].get("/api/v1/products/BOOK-RIVER/").json()["buyable"] is True


def test_quality_cannot_reach_an_open_work_order_of_another_department(api, pull):
    response = api["quality"].post(_url(_work_order(pull, Kind.WAREHOUSE), "confirm"))

    assert response.status_code == 404  # open and not quality's: not in its queue


def test_starting_twice_is_a_conflict_naming_the_state(api, pull):
    warehouse_order = _work_order(pull, Kind.WAREHOUSE)
    api["warehouse"].post(_url(warehouse_order, "start"))

    response = api["warehouse"].post(_url(warehouse_order, "start"))

    assert response.status_code == 409
    assert response.json()["detail"]


def test_resolving_with_an_outcome_of_another_kind_is_refused(api, pull):
    warehouse_order = _work_order(pull, Kind.WAREHOUSE)
    api["warehouse"].post(_url(warehouse_order, "start"))

    response = api["warehouse"].post(_url(warehouse_order, "resolve"), {"outcome": Outcome.LOT_REJECTED}, format="json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Choose the outcome")
    assert _work_order(pull, Kind.WAREHOUSE).state == State.IN_PROGRESS


def test_a_bad_returned_lot_id_is_a_400_naming_its_place_in_the_list(api, pull):
    warehouse_order = _work_order(pull, Kind.WAREHOUSE)
    body = {"outcome": Outcome.LOT_RETURNED, "returned_lot_ids": [3, 0]}

    response = api["warehouse"].post(_url(warehouse_order, "resolve"), body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"returned_lot_ids.1": ["Ensure this value is greater than or equal to 1."]}
    assert response.json()["detail"] == "returned_lot_ids.1: Ensure this value is greater than or equal to 1."


def test_only_a_manager_cancels_and_says_why(api, pull):
    warehouse_order = _work_order(pull, Kind.WAREHOUSE)

    refused = api["warehouse"].post(_url(warehouse_order, "cancel"), {"reason": "Duplicate"}, format="json")
    no_reason = api["manager"].post(_url(warehouse_order, "cancel"), {"reason": ""}, format="json")
    cancelled = api["manager"].post(_url(warehouse_order, "cancel"), {"reason": "Duplicate of pull 1"}, format="json")

    assert (refused.status_code, no_reason.status_code) == (403, 400)
    assert (cancelled.status_code, cancelled.json()["cancel_reason"]) == (200, "Duplicate of pull 1")


def test_a_retried_start_with_the_same_key_answers_the_same_and_moves_once(api, pull):
    warehouse_order = _work_order(pull, Kind.WAREHOUSE)
    url = _url(warehouse_order, "start")

    first = api["warehouse"].post(url, HTTP_IDEMPOTENCY_KEY="start-wo-1")
    retry = api["warehouse"].post(url, HTTP_IDEMPOTENCY_KEY="start-wo-1")

    assert (first.status_code, retry.status_code) == (200, 200)
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    starts = AuditEvent.objects.filter(object_id=str(warehouse_order.pk), action="start")
    assert starts.count() == 1


def test_a_retried_confirm_with_the_same_key_does_not_fail_on_the_closed_work_order(api, pull):
    supplier_order = _work_order(pull, Kind.SUPPLIER)
    _start_and_resolve(api["vendor_manager"], supplier_order, Outcome.UNITS_FIXED)

    first = api["quality"].post(_url(supplier_order, "confirm"), HTTP_IDEMPOTENCY_KEY="confirm-1")
    retry = api["quality"].post(_url(supplier_order, "confirm"), HTTP_IDEMPOTENCY_KEY="confirm-1")

    assert (first.status_code, retry.status_code, retry.json()["state"]) == (200, 200, "closed")


# --- No way back but the work orders --------------------------------------------------------


@pytest.mark.parametrize("method", ["patch", "put"])
def test_the_product_api_refuses_to_relist(api, pull, product, method):
    response = getattr(api["manager"], method)("/api/v1/products/BOOK-RIVER/", {"listing_state": "listed"}, format="json")

    assert response.status_code == 405
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW


def test_the_product_is_back_only_after_its_last_work_order_is_confirmed(api, pull, product):
    _start_and_resolve(api["vendor_manager"], _work_order(pull, Kind.SUPPLIER), Outcome.UNITS_FIXED)
    _start_and_resolve(api["warehouse"], _work_order(pull, Kind.WAREHOUSE), Outcome.NO_DEFECT)
    api["quality"].post(_url(_work_order(pull, Kind.SUPPLIER), "confirm"))
    api["manager"].patch("/api/v1/products/BOOK-RIVER/", {"listing_state": "listed"}, format="json")
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW

    api["quality"].post(_url(_work_order(pull, Kind.WAREHOUSE), "confirm"))

    assert Product.objects.get(pk=product.pk).listing_state == ListingState.LISTED
