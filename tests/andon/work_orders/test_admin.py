"""Work orders and root-cause reviews in the admin: read-only pages, actions that call the services, no way to relist."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from andon.models import DepartmentLead, RootCauseReview, WorkOrder
from andon.pulls.services import pull_andon
from andon.reviews.services import add_why
from andon.work_orders.services import resolve_work_order, start_work_order
from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent, ListingState, Product
from members.factories import UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory, ProcessFactory

pytestmark = pytest.mark.django_db

Kind, State = WorkOrder.Kind, WorkOrder.State
CHANGELIST = "admin:andon_workorder_changelist"
# session, user, the row count, the rows with pull, target and assignee and the overdue flag annotated,
# the cart count (storefront context processor).
WORK_ORDER_CHANGELIST_QUERIES = 5


def _work(pull, kind) -> WorkOrder:
    return pull.work_orders.get(kind=kind)


def _state(work_order) -> str:
    return WorkOrder.objects.get(pk=work_order.pk).state


def _admin_with_role(client, username: str, role: str):
    """A staff member who may use the work-order admin, holding one back-office role."""
    user = UserFactory(username=username, is_staff=True, roles=[role])
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_workorder", "change_workorder"]))
    client.force_login(user)
    return client


def run_action(client, action: str, *work_orders, **form):
    return client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [wo.pk for wo in work_orders], **form}, follow=True
    )


def messages_of(response, level_tag: str) -> list[str]:
    return [message.message for message in response.context["messages"] if message.level_tag == level_tag]


@pytest.mark.parametrize("pulls", [5, 50])
def test_the_work_order_changelist_query_count_does_not_grow_with_rows(admin_client, people, django_assert_num_queries, pulls):
    code = IssueCodeFactory(code="print-defect")
    for _ in range(pulls):
        pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=ProductFactory(), issue_code=code), reason="r")

    with django_assert_num_queries(WORK_ORDER_CHANGELIST_QUERIES):
        response = admin_client.get(reverse(CHANGELIST), {"all": ""})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 2 * pulls


def test_the_overdue_filter_and_column_come_from_the_due_time(admin_client, pull):
    late = _work(pull, Kind.WAREHOUSE)
    WorkOrder.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(minutes=5))

    response = admin_client.get(reverse(CHANGELIST), {"overdue": "yes"})

    rows = response.context["cl"].result_list
    assert [(wo.pk, wo.is_overdue_now) for wo in rows] == [(late.pk, True)]


def test_the_work_order_page_has_no_editable_state_or_outcome(admin_client, pull):
    work_order = _work(pull, Kind.SUPPLIER)

    html = admin_client.get(reverse("admin:andon_workorder_change", args=[work_order.pk])).content.decode()

    assert not re.search(r'name="(state|outcome)"', html)


def test_posting_a_state_to_the_work_order_page_changes_nothing(admin_client, pull):
    work_order = _work(pull, Kind.SUPPLIER)

    response = admin_client.post(reverse("admin:andon_workorder_change", args=[work_order.pk]), {"state": State.CLOSED})

    assert response.status_code == 403
    assert _state(work_order) == State.OPEN


def test_work_orders_cannot_be_added_or_deleted_in_the_admin(admin_client, pull):
    work_order = _work(pull, Kind.SUPPLIER)

    add = admin_client.get(reverse("admin:andon_workorder_add"))
    delete = admin_client.post(reverse("admin:andon_workorder_delete", args=[work_order.pk]), {"post": "yes"})

    assert (add.status_code, delete.status_code) == (403, 403)
    assert WorkOrder.objects.filter(pk=work_order.pk).exists()


def test_the_warehouse_sees_and_starts_only_its_own_work_orders_in_the_admin(client, pull):
    _admin_with_role(client, "wh-admin", "warehouse")
    warehouse_order, supplier_order = _work(pull, Kind.WAREHOUSE), _work(pull, Kind.SUPPLIER)

    listed = [row.pk for row in client.get(reverse(CHANGELIST)).context["cl"].result_list]
    run_action(client, "start_selected", warehouse_order, supplier_order)

    assert listed == [warehouse_order.pk]
    assert (_state(warehouse_order), _state(supplier_order)) == (State.IN_PROGRESS, State.OPEN)


def test_a_start_outside_ones_department_is_refused_with_the_work_order_named(client, pull):
    _admin_with_role(client, "mgr-start", "manager")  # sees every department, works in none
    supplier_order = _work(pull, Kind.SUPPLIER)

    response = run_action(client, "start_selected", supplier_order)

    errors = messages_of(response, "error")
    assert _state(supplier_order) == State.OPEN
    assert len(errors) == 1 and f"WO-{supplier_order.pk}" in errors[0]


def test_the_confirm_action_is_refused_to_someone_outside_quality(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    start_work_order(work_order=warehouse_order, actor=people["warehouse"])
    resolve_work_order(work_order=warehouse_order, actor=people["warehouse"], outcome=WorkOrder.Outcome.NO_DEFECT)
    _admin_with_role(client, "wh-admin", "warehouse")

    response = run_action(client, "confirm_selected", warehouse_order)

    assert any("Only the quality team" in message for message in messages_of(response, "error"))
    assert _state(warehouse_order) == State.RESOLVED


def test_the_confirm_action_by_quality_closes_the_work_order(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    start_work_order(work_order=warehouse_order, actor=people["warehouse"])
    resolve_work_order(work_order=warehouse_order, actor=people["warehouse"], outcome=WorkOrder.Outcome.NO_DEFECT)
    _admin_with_role(client, "quality-admin", "quality")

    run_action(client, "confirm_selected", warehouse_order)

    assert _state(warehouse_order) == State.CLOSED


def test_the_cancel_action_asks_why_and_changes_nothing_until_told(client, pull):
    _admin_with_role(client, "mgr-admin", "manager")
    supplier_order = _work(pull, Kind.SUPPLIER)

    asked = run_action(client, "cancel_selected", supplier_order)
    blank = run_action(client, "cancel_selected", supplier_order, apply="1", reason="")

    assert asked.templates[0].name == "admin/andon/workorder/action_form.html"
    assert f"WO-{supplier_order.pk}" in asked.content.decode()
    assert blank.context["form"].errors["reason"]
    assert _state(supplier_order) == State.OPEN


def test_the_cancel_action_by_a_manager_records_the_reason_given(client, pull):
    _admin_with_role(client, "mgr-admin", "manager")
    supplier_order = _work(pull, Kind.SUPPLIER)

    run_action(client, "cancel_selected", supplier_order, apply="1", reason="Duplicate of an earlier pull")

    cancelled = WorkOrder.objects.get(pk=supplier_order.pk)
    assert (cancelled.state, cancelled.cancel_reason) == (State.CANCELLED, "Duplicate of an earlier pull")


def test_the_cancel_action_is_refused_to_someone_who_is_not_a_manager(client, pull):
    _admin_with_role(client, "wh-admin", "warehouse")
    warehouse_order = _work(pull, Kind.WAREHOUSE)

    response = run_action(client, "cancel_selected", warehouse_order, apply="1", reason="Not needed")

    assert any("Only a manager" in message for message in messages_of(response, "error"))
    assert _state(warehouse_order) == State.OPEN


def test_the_resolve_action_offers_only_the_outcomes_of_the_kind_and_resolves(client, people, pull):
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    start_work_order(work_order=warehouse_order, actor=people["warehouse"])
    _admin_with_role(client, "wh-resolve", "warehouse")

    asked = run_action(client, "resolve_selected", warehouse_order)
    run_action(client, "resolve_selected", warehouse_order, apply="1", outcome="no_defect", notes="Sampled 20 copies, all trimmed")

    offered = [value for value, _label in asked.context["form"].fields["outcome"].choices if value]
    assert offered == [o.value for o in WorkOrder.OUTCOMES_BY_KIND[Kind.WAREHOUSE]]
    resolved = WorkOrder.objects.get(pk=warehouse_order.pk)
    assert (resolved.state, resolved.outcome, resolved.notes) == (State.RESOLVED, "no_defect", "Sampled 20 copies, all trimmed")


def test_the_resolve_action_reports_the_services_refusal(client, people, pull):
    supplier_order = _work(pull, Kind.SUPPLIER)
    start_work_order(work_order=supplier_order, actor=people["vendor_manager"])
    _admin_with_role(client, "vm-resolve", "vendor_manager")

    response = run_action(client, "resolve_selected", supplier_order, apply="1", outcome="no_defect")

    assert any("every complaint point" in message for message in messages_of(response, "error"))
    assert _state(supplier_order) == State.IN_PROGRESS


def test_resolving_kinds_with_no_outcome_in_common_is_refused_before_asking(client, pull):
    _admin_with_role(client, "mgr-mixed", "manager")
    process_pull = pull_andon(
        agent=UserFactory(username="agent-2", roles=["agent"]), complaint=ComplaintFactory(process=ProcessFactory()), reason="Slow"
    ).pull

    response = run_action(client, "resolve_selected", _work(pull, Kind.WAREHOUSE), process_pull.work_orders.get())

    assert any("no outcome in common" in message for message in messages_of(response, "error"))


def test_the_product_admin_offers_no_way_to_relist_a_pulled_product(admin_client, pull, product):
    changelist = admin_client.get(reverse("admin:flywheel_product_changelist")).content.decode()
    change_page = admin_client.get(reverse("admin:flywheel_product_change", args=[product.pk])).content.decode()

    actions = re.findall(r'<option value="(\w+)"', re.search(r'<select name="action".*?</select>', changelist, re.S).group(0))
    assert "relist" not in " ".join(actions)
    assert 'name="listing_state"' not in change_page
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW


def test_the_review_admin_is_read_only_and_shows_the_whys(admin_client, people, pull):
    review = pull.review
    add_why(review=review, actor=people["vendor_manager"], question="Why uncut?", answer="The trimmer skipped pages")

    response = admin_client.get(reverse("admin:andon_rootcausereview_change", args=[review.pk]))

    html = response.content.decode()
    assert "The trimmer skipped pages" in html
    assert not re.search(r'name="(state|cause_category|root_cause)"', html)
    assert admin_client.post(reverse("admin:andon_rootcausereview_change", args=[review.pk]), {"root_cause": "x"}).status_code == 403
    assert RootCauseReview.objects.get(pk=review.pk).root_cause == ""


def test_naming_a_department_lead_in_the_admin_leaves_an_audit_row(admin_client, staff_user):
    chosen = UserFactory(username="wh-lead", is_staff=True, roles=["warehouse"])

    admin_client.post(reverse("admin:andon_departmentlead_add"), {"department": "warehouse", "lead": chosen.pk})

    lead = DepartmentLead.objects.get(department="warehouse")
    assert lead.lead == chosen
    [event] = AuditEvent.objects.filter(content_type__model="departmentlead", object_id=str(lead.pk))
    assert (event.action, event.actor) == ("name_lead", staff_user)


def test_removing_a_department_lead_in_the_admin_leaves_an_audit_row(admin_client, staff_user):
    lead = DepartmentLead.objects.create(department="warehouse", lead=UserFactory(username="wh-lead", is_staff=True, roles=["warehouse"]))

    admin_client.post(reverse("admin:andon_departmentlead_delete", args=[lead.pk]), {"post": "yes"})

    assert not DepartmentLead.objects.exists()
    [event] = AuditEvent.objects.filter(content_type__model="departmentlead", object_id=str(lead.pk))
    assert (event.action, event.actor, event.note) == ("unname_lead", staff_user, "warehouse: wh-lead")


def test_removing_department_leads_in_bulk_leaves_an_audit_row_each(admin_client, staff_user):
    leads = [
        DepartmentLead.objects.create(department=department, lead=UserFactory(username=f"{department}-lead", is_staff=True, roles=[department]))
        for department in ("warehouse", "quality")
    ]

    admin_client.post(
        reverse("admin:andon_departmentlead_changelist"),
        {"action": "delete_selected", "_selected_action": [lead.pk for lead in leads], "post": "yes"},
    )

    assert not DepartmentLead.objects.exists()
    assert sorted(AuditEvent.objects.filter(action="unname_lead").values_list("note", flat=True)) == [
        "quality: quality-lead", "warehouse: warehouse-lead",
    ]
