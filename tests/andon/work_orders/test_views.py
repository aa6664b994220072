"""The back office's pages through their URLs: queues, a work order's page, the supplier's answers, reviews."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from andon.models import WorkOrder, WorkOrderAttachment
from andon.pulls.services import pull_andon
from andon.work_orders.services import attach_to_work_order, record_supplier_answer, start_work_order
from flywheel.factories import LotFactory, PartnerFactory, ProductFactory, SupplierFactory
from flywheel.models import ListingState, Product
from members.factories import OrderFactory
from members.models import Order
from tickets.factories import ComplaintFactory, IssueCodeFactory, ProcessFactory

pytestmark = pytest.mark.django_db

Kind, Outcome, State = WorkOrder.Kind, WorkOrder.Outcome, WorkOrder.State
HTMX = {"HTTP_HX_REQUEST": "true"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _work(pull, kind) -> WorkOrder:
    return pull.work_orders.get(kind=kind)


def _state(work_order) -> str:
    return WorkOrder.objects.get(pk=work_order.pk).state


def _as(client, user):
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _row(html: str, work_order) -> str:
    match = re.search(rf'<tr data-testid="wo-row" data-work-order="{work_order.pk}".*?</tr>', html, re.S)
    assert match, f"no row for {work_order}"
    return match.group(0)


def _transition(client, work_order, verb, **data):
    return client.post(reverse("work:transition", args=[work_order.pk, verb]), data, follow=True)


# --- The department queue --------------------------------------------------------------------


def test_the_queue_flags_an_overdue_work_order_from_its_due_time_with_no_job_run(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    WorkOrder.objects.filter(pk=warehouse_order.pk).update(due_at=timezone.now() - timedelta(hours=2, minutes=5))

    html = _as(client, people["warehouse"]).get(reverse("work:queue")).content.decode()

    row = _row(html, warehouse_order)
    assert 'data-overdue="true"' in row
    assert "overdue by 2 h" in row
    assert WorkOrder.objects.get(pk=warehouse_order.pk).escalation_level == 0  # no escalation job ran


def test_the_queue_shows_the_time_left_before_the_due_time(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    WorkOrder.objects.filter(pk=warehouse_order.pk).update(due_at=timezone.now() + timedelta(hours=5, minutes=30))

    html = _as(client, people["warehouse"]).get(reverse("work:queue")).content.decode()

    row = _row(html, warehouse_order)
    assert 'data-overdue="false"' in row
    assert "due in 5 h" in row


def test_the_warehouse_queue_lists_the_warehouse_work_order_and_not_the_suppliers(client, people, pull):
    html = _as(client, people["warehouse"]).get(reverse("work:queue")).content.decode()

    assert f'data-work-order="{_work(pull, Kind.WAREHOUSE).pk}"' in html
    assert f'data-work-order="{_work(pull, Kind.SUPPLIER).pk}"' not in html


def test_the_overdue_tab_lists_only_overdue_work_orders(client, people, pull):
    supplier_order, warehouse_order = _work(pull, Kind.SUPPLIER), _work(pull, Kind.WAREHOUSE)
    WorkOrder.objects.filter(pk=supplier_order.pk).update(due_at=timezone.now() - timedelta(minutes=1))

    html = _as(client, people["manager"]).get(reverse("work:queue"), {"tab": "overdue"}).content.decode()

    assert f'data-work-order="{supplier_order.pk}"' in html
    assert f'data-work-order="{warehouse_order.pk}"' not in html


def test_the_to_confirm_tab_shows_quality_resolved_work_orders_of_every_department(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    _as(client, people["warehouse"])
    _transition(client, warehouse_order, "start")
    _transition(client, warehouse_order, "resolve", outcome=Outcome.NO_DEFECT)

    html = _as(client, people["quality"]).get(reverse("work:queue"), {"tab": "to_confirm"}).content.decode()

    row = _row(html, warehouse_order)
    assert 'data-testid="wo-confirm"' in row


def test_an_agent_may_not_open_the_department_queues(client, people):
    response = _as(client, people["agent"]).get(reverse("work:queue"))

    assert response.status_code == 403


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("work:queue"))

    assert response.status_code == 302
    assert reverse("members:login") in response["Location"]


def _product_pulls(count: int, people) -> None:
    code = IssueCodeFactory(code="print-defect")
    supplier = SupplierFactory(vendor_manager=people["vendor_manager"])
    for _ in range(count):
        product = ProductFactory(supplier=supplier)
        pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product, issue_code=code), reason="r")


@pytest.mark.parametrize("pulls", [5, 50])
def test_the_department_queue_runs_the_same_queries_for_5_and_50_rows(client, people, django_assert_num_queries, pulls):
    _product_pulls(pulls, people)
    _as(client, people["vendor_manager"])

    # session, user, roles, the row count, the rows with their pulls, targets and assignees, the cart count;
    # and whether today is their front-line day (the header's console link: andon.frontline.policy);
    # their open root-cause reviews and their overdue corrective actions.
    with django_assert_num_queries(9):
        response = client.get(reverse("work:queue"))

    assert response.content.decode().count('data-testid="wo-row"') == pulls


# --- Transitions through the page ------------------------------------------------------------


def test_a_vendor_manager_cannot_start_a_warehouse_work_order(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)

    response = _transition(_as(client, people["vendor_manager"]), warehouse_order, "start")

    assert any("Only warehouse and logistics can change" in message for message in _messages(response))
    assert _state(warehouse_order) == State.OPEN


def test_the_page_shows_no_start_button_to_someone_outside_the_department(client, people, pull):
    html = _as(client, people["vendor_manager"]).get(reverse("work:work-order", args=[_work(pull, Kind.WAREHOUSE).pk])).content.decode()

    assert 'data-testid="wo-start"' not in html


def test_the_warehouse_starts_its_work_order_from_the_queue(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    queue = reverse("work:queue")

    response = _as(client, people["warehouse"]).post(
        reverse("work:transition", args=[warehouse_order.pk, "start"]), {"next": queue}
    )

    assert response["Location"] == queue
    assert _state(warehouse_order) == State.IN_PROGRESS


def test_resolving_offers_only_the_outcomes_of_the_work_orders_kind(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    start_work_order(work_order=warehouse_order, actor=people["warehouse"])

    html = _as(client, people["warehouse"]).get(reverse("work:work-order", args=[warehouse_order.pk])).content.decode()

    select = re.search(r'<select name="outcome".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([a-z_]+)"', select) == ["lot_returned", "units_fixed", "no_defect"]


@pytest.fixture
def two_lots(people, product):
    """A started warehouse work order on a product that holds the complained lot and a good one (LOT-GOOD, 5)."""
    complained_lot = product.lots.get()
    other_lot = LotFactory(product=product, code="LOT-GOOD", quantity_received=5)
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Uncut").pull
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    start_work_order(work_order=warehouse_order, actor=people["warehouse"])
    return SimpleNamespace(complained_lot=complained_lot, other_lot=other_lot, pull=pull, warehouse_order=warehouse_order)


def test_a_lot_returned_defaults_to_the_complained_lots(client, people, two_lots):
    complained_lot, other_lot, warehouse_order = two_lots.complained_lot, two_lots.other_lot, two_lots.warehouse_order

    html = _as(client, people["warehouse"]).get(reverse("work:work-order", args=[warehouse_order.pk])).content.decode()

    checked = set(re.findall(r'<input type="checkbox" name="returned_lots" value="(\d+)"[^>]*checked', html))
    assert checked == {str(complained_lot.pk)}
    assert f'value="{other_lot.pk}"' in html


def test_the_warehouse_returns_the_lot_it_ticks_and_the_other_goes_back_on_sale_when_quality_confirms(client, people, product, two_lots):
    complained_lot, other_lot, warehouse_order = two_lots.complained_lot, two_lots.other_lot, two_lots.warehouse_order
    _transition(_as(client, people["warehouse"]), warehouse_order, "resolve", outcome=Outcome.LOT_RETURNED, returned_lots=[complained_lot.pk])

    _transition(_as(client, people["quality"]), warehouse_order, "confirm")

    lots = {lot.pk: (lot.quantity_on_hand, lot.blocked) for lot in product.lots.all()}
    # The complaint's own held order is now served from the good lot, under the same order line.
    assert lots == {complained_lot.pk: (0, True), other_lot.pk: (4, False)}
    complained_line = two_lots.pull.supports.get().complaint.order_line
    complained_line.refresh_from_db()
    assert (complained_line.lot_id, complained_line.order.status) == (other_lot.pk, "paid")
    assert _state(warehouse_order) == State.CLOSED


def test_a_lot_returned_resolution_names_its_lots_and_holds_everything_until_closure(client, people, product, two_lots):
    complained_lot, other_lot, warehouse_order = two_lots.complained_lot, two_lots.other_lot, two_lots.warehouse_order

    _transition(_as(client, people["warehouse"]), warehouse_order, "resolve", outcome=Outcome.LOT_RETURNED, returned_lots=[complained_lot.pk])

    html = client.get(reverse("work:work-order", args=[warehouse_order.pk])).content.decode()
    lots_shown = re.search(r'data-testid="wo-returned-lots">(.*?)</dd>', html, re.S).group(1)
    assert complained_lot.code in lots_shown and other_lot.code not in lots_shown
    assert {lot.pk: (lot.quantity_on_hand, lot.blocked) for lot in product.lots.all()} == {complained_lot.pk: (10, True), other_lot.pk: (5, True)}
    assert two_lots.pull.supports.get().complaint.order_line.order.status == "on_hold"


def test_resolving_the_supplier_order_with_an_unanswered_point_is_refused_with_the_message(client, people, pull):
    supplier_order = _work(pull, Kind.SUPPLIER)
    _as(client, people["vendor_manager"])
    _transition(client, supplier_order, "start")

    response = _transition(client, supplier_order, "resolve", outcome=Outcome.UNITS_FIXED, notes="Re-cut")

    assert response.status_code == 400
    assert any("still unanswered" in message for message in _messages(response))
    assert _state(supplier_order) == State.IN_PROGRESS


def test_the_vendor_manager_and_the_warehouse_resolve_and_quality_confirms_and_the_product_is_buyable_again(
    client, people, pull, product
):
    supplier_order, warehouse_order = _work(pull, Kind.SUPPLIER), _work(pull, Kind.WAREHOUSE)
    complaint = pull.supports.get().complaint
    _as(client, people["vendor_manager"])
    client.post(reverse("work:supplier-answer", args=[supplier_order.pk, complaint.pk]), {"answer": "Binding machine fault"})
    _transition(client, supplier_order, "start")
    _transition(client, supplier_order, "resolve", outcome=Outcome.UNITS_FIXED, notes="Re-cut 40 copies")
    _as(client, people["warehouse"])
    _transition(client, warehouse_order, "start")
    _transition(client, warehouse_order, "resolve", outcome=Outcome.NO_DEFECT)
    _as(client, people["quality"])
    _transition(client, supplier_order, "confirm")
    assert client.get(reverse("members:product", args=[product.sku])).context["buyable"] is False

    response = _transition(client, warehouse_order, "confirm")

    assert any("is back" in message for message in _messages(response))
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.LISTED
    storefront = client.get(reverse("members:product", args=[product.sku])).content.decode()
    assert 'data-testid="add-to-cart"' in storefront


def test_only_quality_confirms_through_the_page(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    _as(client, people["warehouse"])
    _transition(client, warehouse_order, "start")
    _transition(client, warehouse_order, "resolve", outcome=Outcome.NO_DEFECT)

    response = _transition(client, warehouse_order, "confirm")

    assert any("Only the quality team" in message for message in _messages(response))
    assert _state(warehouse_order) == State.RESOLVED


def test_a_manager_cancels_a_work_order_with_a_reason(client, people, pull):
    supplier_order = _work(pull, Kind.SUPPLIER)

    _transition(_as(client, people["manager"]), supplier_order, "cancel", reason="Duplicate of pull 3")

    cancelled = WorkOrder.objects.get(pk=supplier_order.pk)
    assert (cancelled.state, cancelled.cancel_reason) == (State.CANCELLED, "Duplicate of pull 3")


def test_cancelling_without_a_reason_keeps_the_work_order(client, people, pull):
    supplier_order = _work(pull, Kind.SUPPLIER)

    response = _transition(_as(client, people["manager"]), supplier_order, "cancel", reason="")

    assert response.status_code == 400
    assert _state(supplier_order) == State.OPEN


def test_an_unknown_transition_is_a_404(client, people, pull):
    response = _as(client, people["manager"]).post(reverse("work:transition", args=[_work(pull, Kind.SUPPLIER).pk, "relist"]))

    assert response.status_code == 404


# --- What the page shows ---------------------------------------------------------------------


def test_the_page_shows_the_pull_reason_and_the_complaint_text(client, people, pull):
    html = _as(client, people["quality"]).get(reverse("work:work-order", args=[_work(pull, Kind.SUPPLIER).pk])).content.decode()

    assert "Pages uncut" in html
    assert "Pages 100-101 are uncut." in html


def test_the_warehouse_page_lists_held_orders_and_shipped_ones_for_follow_up_separately(client, people, product):
    packed = OrderFactory(status=Order.Status.PACKED, lines=[(product, 1)])
    shipped = OrderFactory(status=Order.Status.SHIPPED, lines=[(product, 1)])
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Uncut").pull

    html = _as(client, people["warehouse"]).get(reverse("work:work-order", args=[_work(pull, Kind.WAREHOUSE).pk])).content.decode()

    held = re.findall(r'data-testid="held-order" data-order="([^"]+)"', html)
    follow_up = re.findall(r'data-testid="follow-up-order" data-order="([^"]+)"', html)
    assert packed.number in held and shipped.number not in held
    assert follow_up == [shipped.number]


def test_the_timeline_lists_the_transitions_from_the_audit_rows(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    start_work_order(work_order=warehouse_order, actor=people["warehouse"])

    html = _as(client, people["quality"]).get(reverse("work:work-order", args=[warehouse_order.pk])).content.decode()

    assert re.findall(r'data-testid="wo-event" data-action="(\w+)"', html) == ["open", "start"]


def test_a_customer_cannot_read_a_work_order(client, pull, customer):
    response = _as(client, customer).get(reverse("work:work-order", args=[_work(pull, Kind.SUPPLIER).pk]))

    assert response.status_code == 403


def test_a_missing_work_order_is_a_404(client, people):
    assert _as(client, people["quality"]).get(reverse("work:work-order", args=[999999])).status_code == 404


# --- The supplier's answers ------------------------------------------------------------------


def test_the_supplier_answer_form_lists_each_complaint_point_and_marks_the_unanswered(client, people, product, pull):
    second = ComplaintFactory(product=product, text="Cover torn")
    pull_andon(agent=people["agent"], complaint=second, reason="Same")
    supplier_order = _work(pull, Kind.SUPPLIER)
    record_supplier_answer(work_order=supplier_order, complaint=pull.supports.first().complaint, answer="Fault", actor=people["vendor_manager"])

    html = _as(client, people["vendor_manager"]).get(reverse("work:work-order", args=[supplier_order.pk])).content.decode()

    points = re.findall(r'data-testid="supplier-point" data-complaint="(\d+)" data-answered="(\w+)"', html)
    assert sorted(points) == sorted([(str(pull.supports.first().complaint_id), "true"), (str(second.pk), "false")])
    assert html.count('data-testid="supplier-answer"') == 2


def test_an_answer_through_htmx_comes_back_as_the_panel_with_the_point_answered(client, people, pull):
    supplier_order = _work(pull, Kind.SUPPLIER)
    complaint = pull.supports.get().complaint

    response = _as(client, people["vendor_manager"]).post(
        reverse("work:supplier-answer", args=[supplier_order.pk, complaint.pk]), {"answer": "Binding machine fault"}, **HTMX
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel wo-answers" id="supplier-answers"')
    assert 'data-answered="true"' in html
    assert supplier_order.supplier_answers.get().answer == "Binding machine fault"


def test_the_warehouse_cannot_record_the_suppliers_answer(client, people, pull):
    supplier_order = _work(pull, Kind.SUPPLIER)
    complaint = pull.supports.get().complaint

    response = _as(client, people["warehouse"]).post(
        reverse("work:supplier-answer", args=[supplier_order.pk, complaint.pk]), {"answer": "Fine"}, **HTMX
    )

    assert 'data-testid="supplier-answer-error"' in response.content.decode()
    assert not supplier_order.supplier_answers.exists()


# --- Evidence --------------------------------------------------------------------------------


def _attach(client, user, work_order, upload, **fields):
    """`user` adds `upload` to the work order's evidence; the answer is the page it is sent back to."""
    return _as(client, user).post(reverse("work:attachment-upload", args=[work_order.pk]), {"file": upload, **fields}, follow=True)


def test_a_photo_is_attached_listed_and_served(client, people, pull, django_capture_on_commit_callbacks):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    photo = SimpleUploadedFile("shelf.png", PNG, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        _attach(client, people["warehouse"], warehouse_order, photo, caption="Lot on the shelf")

    attachment = WorkOrderAttachment.objects.get(work_order=warehouse_order)
    html = client.get(reverse("work:work-order", args=[warehouse_order.pk])).content.decode()
    assert "Lot on the shelf" in html
    served = client.get(reverse("work:attachment", args=[warehouse_order.pk, attachment.pk]))
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")


def test_an_attachment_whose_transaction_rolls_back_leaves_no_file_in_storage(people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    photo = SimpleUploadedFile("shelf.png", PNG, content_type="image/png")

    with pytest.raises(RuntimeError), transaction.atomic():
        attachment = attach_to_work_order(work_order=warehouse_order, actor=people["warehouse"], file=photo)
        raise RuntimeError("the request failed after the upload")

    assert not default_storage.exists(attachment.file.name)


def test_an_attachment_is_written_to_storage_when_its_transaction_commits(people, pull, django_capture_on_commit_callbacks):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    photo = SimpleUploadedFile("shelf.png", PNG, content_type="image/png")

    with django_capture_on_commit_callbacks(execute=True):
        attachment = attach_to_work_order(work_order=warehouse_order, actor=people["warehouse"], file=photo)
        assert not default_storage.exists(attachment.file.name)

    assert default_storage.open(attachment.file.name).read() == PNG


def test_a_file_that_is_not_an_image_or_a_pdf_is_refused(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    script = SimpleUploadedFile("invoice.pdf", b"#!/bin/sh\necho hi\n", content_type="application/pdf")

    response = _attach(client, people["warehouse"], warehouse_order, script)

    assert any("is not the image or PDF" in message for message in _messages(response))
    assert not WorkOrderAttachment.objects.exists()


def test_a_file_over_10_mb_is_refused(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    big = SimpleUploadedFile("report.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")

    response = _attach(client, people["warehouse"], warehouse_order, big)

    assert any("limited to 10.0" in message for message in _messages(response))
    assert not WorkOrderAttachment.objects.exists()


def test_someone_outside_the_department_cannot_attach(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)

    response = _attach(client, people["vendor_manager"], warehouse_order, SimpleUploadedFile("shelf.png", PNG, content_type="image/png"))

    assert any("Only warehouse and logistics can add" in message for message in _messages(response))
    assert not WorkOrderAttachment.objects.exists()


def test_the_work_order_page_links_to_its_review(client, people, pull):
    html = _as(client, people["quality"]).get(reverse("work:work-order", args=[_work(pull, Kind.SUPPLIER).pk])).content.decode()

    assert reverse("work:review", args=[pull.review.pk]) in html


def test_partner_and_process_work_orders_render(client, people):
    code = IssueCodeFactory(code="rude-service")
    partner = PartnerFactory(partner_manager=people["vendor_manager"])
    partner_pull = pull_andon(agent=people["agent"], target=partner, issue_code=code, reason="Rude").pull
    process_pull = pull_andon(agent=people["agent"], target=ProcessFactory(), issue_code=code, reason="Slow").pull
    _as(client, people["manager"])

    statuses = [
        client.get(reverse("work:work-order", args=[work_order.pk])).status_code
        for work_order in WorkOrder.objects.filter(pull__in=[partner_pull, process_pull])
    ]

    assert statuses == [200, 200, 200]
