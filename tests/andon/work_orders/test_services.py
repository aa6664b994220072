"""Work orders, the stock hold, relisting only after the last closure, and the root-cause review."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from andon.models import AndonPull, Department, DepartmentLead, RootCauseReview, WorkOrder
from andon.pulls.services import pull_andon
from andon.reviews.services import add_corrective_action, add_why, complete_review, set_corrective_action_status, set_root_cause
from andon.work_orders.services import NotYourDepartment, cancel_work_order, confirm_work_order, escalate_overdue_work_orders, name_department_lead, record_supplier_answer, resolve_work_order, start_work_order
from flywheel.errors import DomainError, IllegalTransition
from flywheel.factories import LotFactory, PartnerFactory, ProductFactory, SupplierFactory
from flywheel.models import AuditEvent, ListingState, Lot, Partner, Product
from flywheel.services import publish_product, relist
from members.factories import OrderFactory, UserFactory
from members.models import Notification, Order
from tickets.factories import ComplaintFactory, IssueCodeFactory, ProcessFactory

Kind, Outcome, State = WorkOrder.Kind, WorkOrder.Outcome, WorkOrder.State

# A pull, its two work orders, its review and the stock hold (with the customers' chosen languages):
# the same for 5 held orders as for 50. Four of them write the outbox rows (the pull's notice, one per
# work order, the customers' hold notices); two attach the complaints that met the rule (one insert,
# one audit row); one finds the puller's team.
PULL_QUERIES = 49


@pytest.fixture
def product(people):
    return ProductFactory(stock=0, supplier=SupplierFactory(vendor_manager=people["vendor_manager"]))


def _pull(people, product):
    complaint = ComplaintFactory(product=product)
    return pull_andon(agent=people["agent"], complaint=complaint, reason="Pages uncut").pull


def _work(pull, kind):
    return pull.work_orders.get(kind=kind)


def _answer_every_complaint(pull, people):
    supplier_order = _work(pull, Kind.SUPPLIER)
    for complaint in pull.complaints.all():
        record_supplier_answer(work_order=supplier_order, complaint=complaint, answer="Binding machine fault", actor=people["vendor_manager"])


def _resolve(work_order, user, outcome, **kwargs):
    start_work_order(work_order=work_order, actor=user)
    return resolve_work_order(work_order=work_order, actor=user, outcome=outcome, **kwargs)


def test_a_product_pull_opens_exactly_two_work_orders_and_a_review(people, product):
    pull = _pull(people, product)

    assert sorted(pull.work_orders.values_list("kind", "department")) == [
        ("supplier", "supplier_management"), ("warehouse", "warehouse"),
    ]
    assert RootCauseReview.objects.get(pull=pull).owner == people["vendor_manager"]


def test_a_plus_one_opens_no_new_work_orders(people, product):
    pull = _pull(people, product)

    pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Same")

    assert WorkOrder.objects.filter(pull=pull).count() == 2


def test_the_warehouse_hold_stops_packed_orders_but_not_shipped_ones(people, product):
    lot = LotFactory(product=product, quantity_received=10)
    placed, paid, packed, shipped = (
        OrderFactory(status=status, lines=[(product, 1)])
        for status in (Order.Status.PLACED, Order.Status.PAID, Order.Status.PACKED, Order.Status.SHIPPED)
    )

    pull = _pull(people, product)

    held = set(_work(pull, Kind.WAREHOUSE).held_orders.values_list("pk", flat=True))
    complaint_order = pull.supports.get().complaint.order_line.order_id  # paid, so held too
    assert held == {placed.pk, paid.pk, packed.pk, complaint_order}
    assert set(Order.objects.filter(status=Order.Status.ON_HOLD).values_list("pk", flat=True)) == held
    assert Order.objects.get(pk=shipped.pk).status == Order.Status.SHIPPED
    assert Order.objects.get(pk=packed.pk).hold_reason.startswith("A quality check")
    assert Lot.objects.get(pk=lot.pk).blocked is True


@pytest.mark.parametrize("open_orders", [5, 50])
def test_the_pull_holds_any_number_of_orders_in_the_same_queries(people, product, open_orders, django_assert_num_queries):
    LotFactory(product=product, quantity_received=100)
    for _ in range(open_orders):
        OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])
    complaint = ComplaintFactory(product=product)
    agent = people["agent"]
    ContentType.objects.clear_cache()  # the same cold cache whichever test ran before

    with django_assert_num_queries(PULL_QUERIES):
        pull = pull_andon(agent=agent, complaint=complaint, reason="Pages uncut").pull

    held = Order.objects.filter(status=Order.Status.ON_HOLD, held_from=Order.Status.PAID)
    assert held.count() == open_orders + 1  # and the complainant's own order
    assert _work(pull, Kind.WAREHOUSE).held_orders.count() == open_orders + 1
    assert AuditEvent.objects.filter(action="hold").count() == open_orders + 1


def test_the_release_at_closure_tells_every_customer_once(people, product, django_capture_on_commit_callbacks):
    LotFactory(product=product, quantity_received=10)
    orders = [OrderFactory(status=Order.Status.PACKED, lines=[(product, 1)]) for _ in range(3)]
    pull = _pull(people, product)
    warehouse = _work(pull, Kind.WAREHOUSE)
    start_work_order(work_order=warehouse, actor=people["warehouse"])

    resolve_work_order(work_order=warehouse, actor=people["warehouse"], outcome=Outcome.NO_DEFECT)

    with django_capture_on_commit_callbacks(execute=True):
        confirm_work_order(work_order=warehouse, actor=people["quality"])

    assert set(Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("status", flat=True)) == {Order.Status.PACKED}
    assert sorted(Notification.objects.filter(key__startswith="order-released:").values_list("recipient_id", flat=True)) == sorted(
        order.customer_id for order in orders + [pull.supports.get().complaint.order_line.order]
    )


def test_the_product_comes_back_only_with_the_last_closure(people, product, django_capture_on_commit_callbacks):
    pull = _pull(people, product)
    _answer_every_complaint(pull, people)
    _resolve(_work(pull, Kind.SUPPLIER), people["vendor_manager"], Outcome.UNITS_FIXED)
    confirm_work_order(work_order=_work(pull, Kind.SUPPLIER), actor=people["quality"])
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW

    _resolve(_work(pull, Kind.WAREHOUSE), people["warehouse"], Outcome.NO_DEFECT)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_work_order(work_order=_work(pull, Kind.WAREHOUSE), actor=people["quality"])

    pull.refresh_from_db()
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.LISTED
    assert (pull.state, pull.relisted_at is not None) == (AndonPull.State.RESOLVED, True)
    assert Notification.objects.filter(recipient=people["agent"], key=f"target-back:{pull.pk}").exists()


def test_relisting_by_hand_is_refused_naming_the_open_work_orders(people, product):
    pull = _pull(people, product)

    with pytest.raises(IllegalTransition, match=r"WO-\d+ .*still open|still open: WO-"):
        relist(listable=product, actor=people["manager"])

    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW
    assert pull.work_orders.filter(state=State.OPEN).count() == 2


def test_only_quality_confirms(people, product):
    pull = _pull(people, product)
    _answer_every_complaint(pull, people)
    supplier_order = _resolve(_work(pull, Kind.SUPPLIER), people["vendor_manager"], Outcome.LOT_REJECTED)

    with pytest.raises(NotYourDepartment):
        confirm_work_order(work_order=supplier_order, actor=people["vendor_manager"])

    assert WorkOrder.objects.get(pk=supplier_order.pk).state == State.RESOLVED


def test_no_one_outside_the_department_changes_a_work_order(people, product):
    pull = _pull(people, product)

    with pytest.raises(NotYourDepartment):
        start_work_order(work_order=_work(pull, Kind.WAREHOUSE), actor=people["vendor_manager"])

    assert _work(pull, Kind.WAREHOUSE).state == State.OPEN


def test_resolving_needs_an_outcome_of_its_kind(people, product):
    pull = _pull(people, product)
    warehouse_order = _work(pull, Kind.WAREHOUSE)
    start_work_order(work_order=warehouse_order, actor=people["warehouse"])

    with pytest.raises(DomainError, match="Choose the outcome"):
        resolve_work_order(work_order=warehouse_order, actor=people["warehouse"], outcome=Outcome.LOT_REJECTED)


def test_the_supplier_must_answer_every_complaint_point(people, product):
    pull = _pull(people, product)
    pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Same")
    supplier_order = _work(pull, Kind.SUPPLIER)
    first = pull.supports.order_by("pk").first().complaint
    record_supplier_answer(work_order=supplier_order, complaint=first, answer="Machine fault", actor=people["vendor_manager"])
    start_work_order(work_order=supplier_order, actor=people["vendor_manager"])

    with pytest.raises(DomainError, match="still unanswered"):
        resolve_work_order(work_order=supplier_order, actor=people["vendor_manager"], outcome=Outcome.UNITS_FIXED)


def test_a_returned_lot_moves_held_orders_to_good_stock_or_refunds_them_at_closure(people, product):
    bad_lot = LotFactory(product=product, quantity_received=5)
    good_lot = LotFactory(product=product, quantity_received=1, received_on=timezone.localdate())
    first = OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])
    second = OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])
    complaint = ComplaintFactory(product=product)  # its line is on the first (oldest) lot
    assert complaint.lot == bad_lot
    pull = pull_andon(agent=people["agent"], complaint=complaint, reason="Uncut").pull

    _resolve(_work(pull, Kind.WAREHOUSE), people["warehouse"], Outcome.LOT_RETURNED)
    confirm_work_order(work_order=_work(pull, Kind.WAREHOUSE), actor=people["quality"])

    statuses = sorted(Order.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True))
    assert statuses == [Order.Status.PAID, Order.Status.REFUNDED]  # one unit of good stock: one order served
    assert (Lot.objects.get(pk=bad_lot.pk).quantity_on_hand, Lot.objects.get(pk=good_lot.pk).quantity_on_hand) == (0, 0)
    assert Lot.objects.get(pk=good_lot.pk).blocked is False


def test_returning_a_lot_that_is_not_the_products_is_refused_and_nothing_moves(people, product):
    lot = LotFactory(product=product, quantity_received=5)
    other_lot = LotFactory(product=ProductFactory(), quantity_received=5)
    held = OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])
    warehouse_order = _work(_pull(people, product), Kind.WAREHOUSE)
    start_work_order(work_order=warehouse_order, actor=people["warehouse"])

    with pytest.raises(DomainError, match="not lots of"):
        resolve_work_order(
            work_order=warehouse_order, actor=people["warehouse"], outcome=Outcome.LOT_RETURNED, returned_lot_ids={other_lot.pk},
        )

    assert WorkOrder.objects.get(pk=warehouse_order.pk).state == State.IN_PROGRESS
    assert Order.objects.get(pk=held.pk).status == Order.Status.ON_HOLD
    assert (Lot.objects.get(pk=lot.pk).blocked, Lot.objects.get(pk=other_lot.pk).quantity_on_hand) == (True, 5)


def test_a_partner_that_fails_inspection_stays_off_and_is_retired(people):
    partner = PartnerFactory(partner_manager=people["vendor_manager"])
    pull = pull_andon(agent=people["agent"], target=partner, issue_code=IssueCodeFactory(code="rude-service"), reason="Overcharges").pull
    _resolve(_work(pull, Kind.RECTIFICATION), people["vendor_manager"], Outcome.RECTIFIED)
    confirm_work_order(work_order=_work(pull, Kind.RECTIFICATION), actor=people["quality"])

    _resolve(_work(pull, Kind.ACCEPTANCE), people["quality"], Outcome.INSPECTION_FAILED)
    confirm_work_order(work_order=_work(pull, Kind.ACCEPTANCE), actor=people["quality"])

    assert Partner.objects.get(pk=partner.pk).listing_state == ListingState.RETIRED
    assert AndonPull.objects.get(pk=pull.pk).retired_at is not None


def test_cancelling_needs_a_manager_and_a_reason(people, product):
    pull = _pull(people, product)

    with pytest.raises(NotYourDepartment):
        cancel_work_order(work_order=_work(pull, Kind.SUPPLIER), actor=people["vendor_manager"], reason="Nothing wrong")
    with pytest.raises(DomainError, match="Say why"):
        cancel_work_order(work_order=_work(pull, Kind.SUPPLIER), actor=people["manager"], reason="  ")

    assert _work(pull, Kind.SUPPLIER).state == State.OPEN


def test_a_cancel_reason_over_300_characters_is_refused_not_cut(people, product):
    pull = _pull(people, product)

    with pytest.raises(DomainError, match="at most 300 characters; it has 301"):
        cancel_work_order(work_order=_work(pull, Kind.SUPPLIER), actor=people["manager"], reason="x" * 301)

    assert (_work(pull, Kind.SUPPLIER).state, _work(pull, Kind.SUPPLIER).cancel_reason) == (State.OPEN, "")


def test_an_over_long_why_or_action_is_refused_and_nothing_is_written(people, product):
    review = _pull(people, product).review

    with pytest.raises(DomainError, match="The question can be at most 300 characters; it has 400"):
        add_why(review=review, actor=people["vendor_manager"], question="w" * 400, answer="Because")
    with pytest.raises(DomainError, match="The action can be at most 300 characters; it has 301"):
        add_corrective_action(
            review=review, actor=people["vendor_manager"], description="a" * 301,
            owner=people["warehouse"], due_on=timezone.localdate(),
        )

    assert (review.whys.count(), review.actions.count()) == (0, 0)


def _review_with(people, product, whys: int):
    review = _pull(people, product).review
    for step in range(whys):
        add_why(review=review, actor=people["vendor_manager"], question=f"Why {step + 1}?", answer=f"Because {step + 1}")
    set_root_cause(review=review, actor=people["vendor_manager"], cause_category="supplier_quality", root_cause="No incoming inspection")
    add_corrective_action(
        review=review, actor=people["vendor_manager"], description="Sample 5% of each book lot",
        owner=people["warehouse"], due_on=timezone.localdate() + timedelta(days=14),
    )
    return review


def test_a_review_with_four_whys_is_refused(people, product):
    review = _review_with(people, product, whys=4)

    with pytest.raises(DomainError, match=r"at least 5 why steps \(it has 4\)"):
        complete_review(review=review, actor=people["vendor_manager"])

    assert RootCauseReview.objects.get(pk=review.pk).state == RootCauseReview.State.OPEN


def test_the_pull_closes_when_the_target_is_back_and_the_review_complete(people, product):
    review = _review_with(people, product, whys=5)
    pull = review.pull
    complete_review(review=review, actor=people["vendor_manager"])
    _answer_every_complaint(pull, people)
    for kind, user, outcome in ((Kind.SUPPLIER, "vendor_manager", Outcome.NO_DEFECT), (Kind.WAREHOUSE, "warehouse", Outcome.NO_DEFECT)):
        _resolve(_work(pull, kind), people[user], outcome)
        confirm_work_order(work_order=_work(pull, kind), actor=people["quality"])

    assert AndonPull.objects.get(pk=pull.pk).state == AndonPull.State.CLOSED


def test_escalation_runs_once_per_level_even_when_retried(people, product, django_capture_on_commit_callbacks):
    warehouse_order = _work(_pull(people, product), Kind.WAREHOUSE)  # due in 24 h; the supplier's in 48 h
    UserFactory(username="exec", roles=["executive"])
    due = warehouse_order.due_at
    levels = []

    with django_capture_on_commit_callbacks(execute=True):
        for hours_late in (0.1, 0.2, 24.5, 24.6):
            escalate_overdue_work_orders(now=due + timedelta(hours=hours_late))
            levels.append(WorkOrder.objects.get(pk=warehouse_order.pk).escalation_level)

    assert levels == [1, 1, 2, 2]
    key = f"escalation-2:{warehouse_order.pk}"
    assert list(Notification.objects.filter(key=key).values_list("recipient__username", flat=True)) == ["exec"]
    assert Notification.objects.filter(recipient=people["warehouse"], key=f"escalation-1:{warehouse_order.pk}").count() == 1


def test_a_first_escalation_run_long_after_the_due_time_tells_the_department_too(people, product, django_capture_on_commit_callbacks):
    warehouse_order = _work(_pull(people, product), Kind.WAREHOUSE)
    UserFactory(username="exec", roles=["executive"])

    with django_capture_on_commit_callbacks(execute=True):
        escalate_overdue_work_orders(now=warehouse_order.due_at + timedelta(days=3))

    told = set(
        Notification.objects.filter(key__regex=rf"^escalation-\d:{warehouse_order.pk}$").values_list("key", "recipient__username")
    )
    assert told == {(f"escalation-1:{warehouse_order.pk}", "warehouse"), (f"escalation-2:{warehouse_order.pk}", "exec")}
    assert list(
        AuditEvent.objects.filter(object_id=str(warehouse_order.pk), action__startswith="escalate").order_by("pk").values_list("action", flat=True)
    ) == ["escalate_1", "escalate_2"]


def test_a_work_order_closed_before_its_due_time_is_never_escalated(people, product, django_capture_on_commit_callbacks):
    pull = _pull(people, product)
    warehouse_order = _resolve(_work(pull, Kind.WAREHOUSE), people["warehouse"], Outcome.NO_DEFECT)
    confirm_work_order(work_order=warehouse_order, actor=people["quality"])
    UserFactory(username="exec", roles=["executive"])

    with django_capture_on_commit_callbacks(execute=True):
        escalate_overdue_work_orders(now=warehouse_order.due_at + timedelta(days=3))

    assert WorkOrder.objects.get(pk=warehouse_order.pk).escalation_level == 0
    assert not Notification.objects.filter(key__regex=rf"^escalation-\d:{warehouse_order.pk}$").exists()
    assert Notification.objects.filter(key__regex=rf"^escalation-\d:{_work(pull, Kind.SUPPLIER).pk}$").exists()  # the open one is


def test_an_overdue_work_order_goes_to_the_department_lead_when_one_is_named(people, product, django_capture_on_commit_callbacks):
    warehouse_order = _work(_pull(people, product), Kind.WAREHOUSE)
    UserFactory(username="clerk-2", roles=["warehouse"])
    DepartmentLead.objects.create(department=warehouse_order.department, lead=UserFactory(username="wh-lead", roles=["warehouse"], is_staff=True))

    with django_capture_on_commit_callbacks(execute=True):
        escalate_overdue_work_orders(now=warehouse_order.due_at + timedelta(minutes=5))

    told = Notification.objects.filter(key=f"escalation-1:{warehouse_order.pk}").values_list("recipient__username", flat=True)
    assert sorted(told) == ["wh-lead"]  # not every clerk in the warehouse


def test_an_overdue_process_work_order_is_escalated_to_the_process_owner(people, django_capture_on_commit_callbacks):
    owner = UserFactory(username="desk-owner", roles=["agent"])
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(process=ProcessFactory(owner=owner)), reason="Slow refunds").pull
    work_order = pull.work_orders.get()
    # Handed to a colleague: the owner is told because they own the process, not as the assignee.
    WorkOrder.objects.filter(pk=work_order.pk).update(assignee=UserFactory(username="colleague"))

    with django_capture_on_commit_callbacks(execute=True):
        escalate_overdue_work_orders(now=work_order.due_at + timedelta(minutes=5))

    told = Notification.objects.filter(key=f"escalation-1:{work_order.pk}").values_list("recipient__username", flat=True)
    assert sorted(told) == ["colleague", "desk-owner"]


def test_closing_a_pull_on_a_draft_product_leaves_it_a_draft(people):
    draft = ProductFactory(listing_state=ListingState.DRAFT, supplier=SupplierFactory(vendor_manager=people["vendor_manager"]))
    pull = _pull(people, draft)
    _answer_every_complaint(pull, people)

    for kind, user in ((Kind.SUPPLIER, "vendor_manager"), (Kind.WAREHOUSE, "warehouse")):
        _resolve(_work(pull, kind), people[user], Outcome.NO_DEFECT)
        confirm_work_order(work_order=_work(pull, kind), actor=people["quality"])

    pull.refresh_from_db()
    assert (pull.state, pull.stopped_target, pull.relisted_at) == (AndonPull.State.RESOLVED, False, None)
    assert Product.objects.get(pk=draft.pk).listing_state == ListingState.DRAFT


def test_a_corrective_action_is_marked_done_by_its_owner_after_the_review_completes(people, product):
    review = _review_with(people, product, whys=5)
    complete_review(review=review, actor=people["vendor_manager"])
    action = review.actions.get()

    with pytest.raises(DomainError, match="Only the action's owner"):
        set_corrective_action_status(action=action, actor=people["agent"], status="done")
    set_corrective_action_status(action=action, actor=people["warehouse"], status="done")

    action.refresh_from_db()
    assert (action.status, action.done_at is not None) == ("done", True)


def test_a_pulled_draft_cannot_be_published_while_its_work_orders_are_open(people):
    draft = ProductFactory(listing_state=ListingState.DRAFT, supplier=SupplierFactory(vendor_manager=people["vendor_manager"]))
    _pull(people, draft)

    with pytest.raises(IllegalTransition, match="still open: WO-"):
        publish_product(product=draft, actor=people["manager"])

    assert Product.objects.get(pk=draft.pk).listing_state == ListingState.DRAFT


# --- Audit rows ---------------------------------------------------------------------------------


def test_recording_the_suppliers_answer_leaves_an_audit_row(people, product):
    complaint = ComplaintFactory(product=product)
    pull = pull_andon(agent=people["agent"], complaint=complaint, reason="Pages uncut").pull
    supplier_order = pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER)

    answer = record_supplier_answer(work_order=supplier_order, complaint=complaint, answer="Binding machine fault", actor=people["vendor_manager"])

    [event] = AuditEvent.objects.filter(content_type__model="supplieranswer", object_id=str(answer.pk))
    assert (event.action, event.actor) == ("record_answer", people["vendor_manager"])
    assert event.note == f"WO-{supplier_order.pk}, complaint #{complaint.pk}"


def test_naming_a_department_lead_leaves_an_audit_row(people):
    lead = name_department_lead(department=Department.WAREHOUSE, lead=people["warehouse"], actor=people["manager"])

    assert DepartmentLead.objects.get(department=Department.WAREHOUSE).lead == people["warehouse"]
    [event] = AuditEvent.objects.filter(content_type__model="departmentlead", object_id=str(lead.pk))
    assert (event.action, event.actor, event.note) == ("name_lead", people["manager"], "warehouse: warehouse")


@pytest.mark.parametrize("notes", ["Shelf \u202eevil", "Shelf \ufffd", "Shelf\x00"])
def test_resolve_notes_with_unreadable_characters_are_refused_like_every_free_text_field(people, product, notes):
    warehouse_order = _work(_pull(people, product), Kind.WAREHOUSE)

    with pytest.raises(DomainError, match="not readable text"):
        _resolve(warehouse_order, people["warehouse"], Outcome.NO_DEFECT, notes=notes)

    assert _work(warehouse_order.pull, Kind.WAREHOUSE).notes == ""
