"""The pull takes every matching complaint: the one pulled from, those that met the rule then, and each +1's."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from andon.models import AndonPull, PullComplaint, WorkOrder
from andon.pulls.services import pull_andon
from andon.work_orders.services import record_supplier_answer, resolve_work_order, start_work_order
from flywheel.errors import DomainError
from members.factories import UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory

pytestmark = pytest.mark.django_db

How = PullComplaint.How
# Session, user, roles; the page count; the work orders with their targets; held orders, the pulls'
# complaints and the supplier's answers, one prefetch each.
QUERIES_FOR_A_WORK_ORDER_PAGE = 8


@pytest.fixture
def print_defect(db):
    return IssueCodeFactory(code="print-defect")


@pytest.fixture
def from_a(product, print_defect):
    return ComplaintFactory(product=product, issue_code=print_defect, customer=UserFactory(username="customer-a"))


@pytest.fixture
def from_b(product, print_defect):
    return ComplaintFactory(product=product, issue_code=print_defect, customer=UserFactory(username="customer-b"))


def attached(pull: AndonPull) -> dict[int, str]:
    return dict(pull.pull_complaints.values_list("complaint_id", "how"))


def test_pulling_from_b_attaches_a_whose_complaint_also_met_the_rule(people, from_a, from_b):
    pull = pull_andon(agent=people["agent"], complaint=from_b, reason="Pages uncut").pull

    assert pull.rule_met is True
    assert attached(pull) == {from_b.pk: How.PULLED, from_a.pk: How.MET_RULE}


def test_a_complaint_about_another_issue_is_not_attached(people, product, from_b):
    other_issue = ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="late-delivery"))

    pull = pull_andon(agent=people["agent"], complaint=from_b, reason="Pages uncut").pull

    assert other_issue.pk not in attached(pull)


def test_a_plus_one_adds_its_complaint_as_joined(people, product, from_b, print_defect):
    pull = pull_andon(agent=people["agent"], complaint=from_b, reason="Pages uncut").pull
    late = ComplaintFactory(product=product, issue_code=print_defect)

    pull_andon(agent=UserFactory(roles=["agent"]), complaint=late, reason="Same here")

    assert attached(pull)[late.pk] == How.JOINED


def test_a_plus_one_from_a_complaint_already_on_the_pull_does_not_attach_it_twice(people, from_a, from_b):
    pull = pull_andon(agent=people["agent"], complaint=from_b, reason="Pages uncut").pull

    pull_andon(agent=UserFactory(roles=["agent"]), complaint=from_a, reason="Same here")

    assert pull.pull_complaints.filter(complaint=from_a).count() == 1
    assert attached(pull)[from_a.pk] == How.MET_RULE


def test_the_supplier_must_answer_the_complaint_that_met_the_rule_too(people, from_a, from_b):
    pull = pull_andon(agent=people["agent"], complaint=from_b, reason="Pages uncut").pull
    supplier_order = pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER)
    record_supplier_answer(work_order=supplier_order, complaint=from_b, answer="Machine fault", actor=people["vendor_manager"])
    start_work_order(work_order=supplier_order, actor=people["vendor_manager"])

    with pytest.raises(DomainError, match=f"#{from_a.pk}"):
        resolve_work_order(work_order=supplier_order, actor=people["vendor_manager"], outcome=WorkOrder.Outcome.UNITS_FIXED)


def test_the_suppliers_answer_to_the_complaint_that_met_the_rule_is_accepted(people, from_a, from_b):
    pull = pull_andon(agent=people["agent"], complaint=from_b, reason="Pages uncut").pull
    supplier_order = pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER)

    answer = record_supplier_answer(work_order=supplier_order, complaint=from_a, answer="Machine fault", actor=people["vendor_manager"])

    assert answer.complaint == from_a


def test_the_api_reads_back_every_complaint_on_the_pull(people, api, from_a, from_b):
    pull = pull_andon(agent=people["agent"], complaint=from_b, reason="Pages uncut").pull

    body = api["manager"].get(f"/api/v1/pulls/{pull.pk}/").json()

    assert body["complaints"] == 2
    assert [(row["complaint"], row["customer"], row["how"]) for row in body["attached_complaints"]] == [
        (from_b.pk, "customer-b", "pulled"), (from_a.pk, "customer-a", "met_rule"),
    ]


@pytest.mark.parametrize("pulls", [1, 6])
def test_the_pull_list_reads_the_complaints_in_the_same_queries_for_1_and_6_pulls(people, api, print_defect, pulls, django_assert_num_queries):
    from flywheel.factories import ProductFactory

    for _ in range(pulls):
        product = ProductFactory()
        ComplaintFactory(product=product, issue_code=print_defect)
        pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product, issue_code=print_defect), reason="Uncut")
    client = api["manager"]
    client.get("/api/v1/pulls/")  # the session and the user's roles are loaded once per request anyway

    # Session, user, roles; the page count; the pulls with their counts; their complaints in one query.
    with django_assert_num_queries(6):
        body = client.get("/api/v1/pulls/").json()

    assert sum(len(pull["attached_complaints"]) for pull in body["results"]) == 2 * pulls


def test_the_work_order_page_lists_every_complaint_on_the_pull(people, client, from_a, from_b):
    pull = pull_andon(agent=people["agent"], complaint=from_b, reason="Pages uncut").pull
    client.force_login(people["vendor_manager"])

    page = client.get(reverse("work:work-order", args=[pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER).pk])).content.decode()

    assert f'data-complaint="{from_a.pk}" data-how="met_rule"' in page
    assert f'data-complaint="{from_b.pk}" data-how="pulled"' in page


def test_the_migration_fills_existing_pulls_from_their_supports_and_rule_snapshot(people, product, from_a, from_b, print_defect):
    pull = pull_andon(agent=people["agent"], complaint=from_b, reason="Pages uncut").pull
    late = ComplaintFactory(product=product, issue_code=print_defect)
    pull_andon(agent=UserFactory(roles=["agent"]), complaint=late, reason="Same here")
    PullComplaint.objects.all().delete()  # as before the table existed
    migration = importlib.import_module("andon.migrations.0008_pull_complaints")

    migration.attach_existing_complaints(apps, None)

    assert attached(pull) == {from_b.pk: How.PULLED, from_a.pk: How.MET_RULE, late.pk: How.JOINED}


def test_the_agent_handling_a_complaint_that_met_the_rule_is_asked_to_follow_up_when_the_pull_is_over(people, product, print_defect):
    from andon.pulls.notifications import announce_target_back
    from members.models import Notification

    handler = UserFactory(username="handler", roles=["agent"])
    from_a = ComplaintFactory(product=product, issue_code=print_defect, taken_by=handler)
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product, issue_code=print_defect), reason="Uncut").pull
    assert from_a.pk in attached(pull)

    announce_target_back(pull_id=pull.pk)

    assert Notification.objects.filter(recipient=handler, key=f"target-back-follow-up:{pull.pk}").exists()
    assert not Notification.objects.filter(recipient=people["agent"], key=f"target-back-follow-up:{pull.pk}").exists()


def test_the_supplier_work_order_api_lists_every_complaint_to_answer_and_which_are_answered(people, api, from_a, from_b):
    pull = pull_andon(agent=people["agent"], complaint=from_b, reason="Pages uncut").pull
    supplier_order = pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER)
    record_supplier_answer(work_order=supplier_order, complaint=from_b, answer="Machine fault", actor=people["vendor_manager"])

    body = api["vendor_manager"].get(f"/api/v1/work-orders/{supplier_order.pk}/").json()

    assert body["answer_points"] == [
        {"complaint": from_b.pk, "how": "pulled", "answered": True},
        {"complaint": from_a.pk, "how": "met_rule", "answered": False},
    ]


@pytest.mark.parametrize("pulls", [1, 5])
def test_the_work_order_list_reads_the_answer_checklists_in_the_same_queries_for_1_and_5_pulls(people, api, print_defect, pulls, django_assert_num_queries):
    from flywheel.factories import ProductFactory, SupplierFactory

    supplier = SupplierFactory(vendor_manager=people["vendor_manager"])
    for _ in range(pulls):
        product = ProductFactory(supplier=supplier)
        ComplaintFactory(product=product, issue_code=print_defect)
        pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product, issue_code=print_defect), reason="Uncut")
    client = api["manager"]
    client.get("/api/v1/work-orders/")

    with django_assert_num_queries(QUERIES_FOR_A_WORK_ORDER_PAGE):
        body = client.get("/api/v1/work-orders/").json()

    assert sum(len(row["answer_points"]) for row in body["results"]) == 2 * pulls
