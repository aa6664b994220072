"""Quality sends work back; whose clock a work order is on; held orders kept until the closure."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from andon.models import Department, DepartmentLead, WorkOrder, overdue_now
from andon.pulls.services import pull_andon
from andon.work_orders.selectors import work_order_queue
from andon.work_orders.services import (
    NotYourDepartment,
    confirm_work_order,
    escalate_overdue_work_orders,
    resolve_work_order,
    send_back_work_order,
    start_work_order,
)
from flywheel.errors import DomainError, IllegalTransition
from flywheel.factories import LotFactory
from flywheel.models import AuditEvent, Lot
from members.factories import OrderFactory, UserFactory
from members.models import Notification, Order
from tickets.factories import ComplaintFactory, IssueCodeFactory, ProcessFactory

Kind, Outcome, State = WorkOrder.Kind, WorkOrder.Outcome, WorkOrder.State
PULLED_AT = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Shanghai


def _warehouse(pull) -> WorkOrder:
    return pull.work_orders.get(kind=Kind.WAREHOUSE)


def _fresh(work_order) -> WorkOrder:
    return WorkOrder.objects.get(pk=work_order.pk)


def _resolved_warehouse(pull, people, outcome=Outcome.NO_DEFECT, **kwargs) -> WorkOrder:
    warehouse = _warehouse(pull)
    start_work_order(work_order=warehouse, actor=people["warehouse"])
    return resolve_work_order(work_order=warehouse, actor=people["warehouse"], outcome=outcome, **kwargs)


@pytest.fixture
def pulled_at_known_time(people, product):
    with time_machine.travel(PULLED_AT, tick=False):
        complaint = ComplaintFactory(product=product)
        return pull_andon(agent=people["agent"], complaint=complaint, reason="Pages uncut").pull


# --- Sending back ------------------------------------------------------------------------------


def test_quality_sends_a_resolved_work_order_back_in_progress_with_its_reason_audited(people, pull):
    warehouse = _resolved_warehouse(pull, people)

    send_back_work_order(work_order=warehouse, actor=people["quality"], reason="Only half the lot was opened")

    warehouse = _fresh(warehouse)
    assert (warehouse.state, warehouse.outcome, warehouse.resolved_at) == (State.IN_PROGRESS, "", None)
    assert warehouse.send_back_reason == "Only half the lot was opened"
    event = AuditEvent.objects.get(action="send_back")
    assert (event.actor, event.from_state, event.to_state) == (people["quality"], State.RESOLVED, State.IN_PROGRESS)
    assert "Only half the lot was opened" in event.note and Outcome.NO_DEFECT in event.note


def test_the_department_is_told_why_its_work_order_came_back(people, pull, django_capture_on_commit_callbacks):
    warehouse = _resolved_warehouse(pull, people)

    with django_capture_on_commit_callbacks(execute=True):
        send_back_work_order(work_order=warehouse, actor=people["quality"], reason="Photos of the opened cartons missing")

    notice = Notification.objects.get(recipient=people["warehouse"], key__startswith=f"work-order-sent-back:{warehouse.pk}:")
    assert "Photos of the opened cartons missing" in notice.body
    assert notice.link == reverse("work:work-order", args=[warehouse.pk])


def test_a_second_send_back_tells_the_department_again(people, pull, django_capture_on_commit_callbacks):
    warehouse = _resolved_warehouse(pull, people)
    with django_capture_on_commit_callbacks(execute=True):
        send_back_work_order(work_order=warehouse, actor=people["quality"], reason="First")
    resolve_work_order(work_order=warehouse, actor=people["warehouse"], outcome=Outcome.NO_DEFECT)

    with time_machine.travel(timezone.now() + timedelta(minutes=5)), django_capture_on_commit_callbacks(execute=True):
        send_back_work_order(work_order=warehouse, actor=people["quality"], reason="Second")

    assert Notification.objects.filter(recipient=people["warehouse"], key__startswith="work-order-sent-back:").count() == 2


def test_only_quality_sends_work_back(people, pull):
    warehouse = _resolved_warehouse(pull, people)

    with pytest.raises(NotYourDepartment):
        send_back_work_order(work_order=warehouse, actor=people["manager"], reason="Not convinced")

    assert _fresh(warehouse).state == State.RESOLVED


def test_a_work_order_not_resolved_cannot_be_sent_back(people, pull):
    warehouse = _warehouse(pull)

    with pytest.raises(IllegalTransition) as refusal:
        send_back_work_order(work_order=warehouse, actor=people["quality"], reason="Too early")

    assert refusal.value.status_code == 409
    assert _fresh(warehouse).state == State.OPEN


def test_sending_back_needs_a_reason(people, pull):
    warehouse = _resolved_warehouse(pull, people)

    with pytest.raises(DomainError, match="Say why"):
        send_back_work_order(work_order=warehouse, actor=people["quality"], reason="   ")

    assert _fresh(warehouse).state == State.RESOLVED


# --- Holds end at closure ----------------------------------------------------------------------


def test_resolving_the_warehouse_work_order_keeps_every_hold(people, product):
    lot = LotFactory(product=product, quantity_received=10)
    held = OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Uncut").pull

    _resolved_warehouse(pull, people, outcome=Outcome.NO_DEFECT)

    assert Order.objects.get(pk=held.pk).status == Order.Status.ON_HOLD
    assert Lot.objects.get(pk=lot.pk).blocked is True


def test_the_holds_end_when_quality_confirms(people, product):
    lot = LotFactory(product=product, quantity_received=10)
    held = OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Uncut").pull
    warehouse = _resolved_warehouse(pull, people, outcome=Outcome.NO_DEFECT)

    confirm_work_order(work_order=warehouse, actor=people["quality"])

    assert Order.objects.get(pk=held.pk).status == Order.Status.PAID
    assert Lot.objects.get(pk=lot.pk).blocked is False


def test_a_sent_back_work_order_keeps_its_holds_and_forgets_the_lots_it_named(people, product):
    complained_lot = LotFactory(product=product, quantity_received=10)
    held = OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Uncut").pull
    warehouse = _resolved_warehouse(pull, people, outcome=Outcome.LOT_RETURNED, returned_lot_ids={complained_lot.pk})

    send_back_work_order(work_order=warehouse, actor=people["quality"], reason="Return the other lot too")

    assert Order.objects.get(pk=held.pk).status == Order.Status.ON_HOLD
    assert (Lot.objects.get(pk=complained_lot.pk).blocked, Lot.objects.get(pk=complained_lot.pk).quantity_on_hand) == (True, 10)
    assert list(_fresh(warehouse).returned_lots.all()) == []
    assert _fresh(warehouse).held_orders.filter(pk=held.pk).exists()


def test_the_lot_returned_resolution_records_its_lots_and_the_audit_row_names_them(people, product):
    complained_lot = LotFactory(product=product, code="LOT-UNCUT", quantity_received=10)
    LotFactory(product=product, code="LOT-FINE", quantity_received=10)
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Uncut").pull

    warehouse = _resolved_warehouse(pull, people, outcome=Outcome.LOT_RETURNED, returned_lot_ids={complained_lot.pk})

    assert list(_fresh(warehouse).returned_lots.values_list("code", flat=True)) == ["LOT-UNCUT"]
    note = AuditEvent.objects.get(action="resolve", object_id=str(warehouse.pk)).note
    assert "LOT-UNCUT" in note and "LOT-FINE" not in note


# --- Whose clock -------------------------------------------------------------------------------


def test_the_department_clock_resumes_after_a_send_back_with_the_time_it_had_left(people, pulled_at_known_time):
    pull = pulled_at_known_time
    due = _warehouse(pull).due_at  # 24 h after the pull
    with time_machine.travel(PULLED_AT + timedelta(hours=20), tick=False):
        warehouse = _resolved_warehouse(pull, people)  # 4 h left
    with time_machine.travel(PULLED_AT + timedelta(hours=30), tick=False):
        send_back_work_order(work_order=warehouse, actor=people["quality"], reason="Not finished")

    assert _fresh(warehouse).due_at == due + timedelta(hours=10)  # the 10 h with quality do not count


def test_a_resolved_work_order_past_the_department_due_time_is_not_overdue(people, pulled_at_known_time):
    pull = pulled_at_known_time
    with time_machine.travel(PULLED_AT + timedelta(hours=23), tick=False):
        warehouse = _resolved_warehouse(pull, people)

    later = PULLED_AT + timedelta(hours=30)  # 6 h past the department's due time, 7 h into quality's 24

    assert not WorkOrder.objects.filter(overdue_now(later), pk=warehouse.pk).exists()
    assert _fresh(warehouse).is_overdue(later) is False


def test_quality_is_overdue_when_it_has_not_confirmed_within_the_setting(people, pulled_at_known_time, settings):
    pull = pulled_at_known_time
    with time_machine.travel(PULLED_AT + timedelta(hours=1), tick=False):
        warehouse = _resolved_warehouse(pull, people)
    settings.QUALITY_CONFIRM_WITHIN_HOURS = 4

    later = PULLED_AT + timedelta(hours=6)

    assert WorkOrder.objects.filter(overdue_now(later), pk=warehouse.pk).exists()
    assert _fresh(warehouse).confirm_due_at == PULLED_AT + timedelta(hours=5)


def test_quality_queue_flags_a_late_confirmation_and_the_department_queue_does_not(people, pulled_at_known_time):
    pull = pulled_at_known_time
    with time_machine.travel(PULLED_AT + timedelta(hours=1), tick=False):
        warehouse = _resolved_warehouse(pull, people)
    later = PULLED_AT + timedelta(hours=26)  # quality's 24 h are over

    quality_rows = list(work_order_queue(user=people["quality"], tab="to_confirm", now=later))
    warehouse_rows = [row for row in work_order_queue(user=people["warehouse"], now=later) if row.pk == warehouse.pk]

    assert [(row.pk, row.overdue) for row in quality_rows] == [(warehouse.pk, True)]
    assert [row.overdue for row in warehouse_rows] == [False]
    assert warehouse.pk not in {row.pk for row in work_order_queue(user=people["warehouse"], tab="overdue", now=later)}


def test_the_queue_page_shows_quality_its_confirmation_due_time(client, people, pulled_at_known_time):
    with time_machine.travel(PULLED_AT + timedelta(hours=1), tick=False):
        warehouse = _resolved_warehouse(pulled_at_known_time, people)
    client.force_login(people["quality"])

    html = client.get(reverse("work:queue") + "?tab=to_confirm").content.decode()

    row = html[html.index(f'data-work-order="{warehouse.pk}"'):]
    row = row[: row.index("</tr>")]
    assert 'data-testid="wo-quality-clock"' in row
    assert 'datetime="2026-12-02T11:00:00+08:00"' in row  # resolved 11:00 Shanghai + 24 h, not the department's 10:00


def test_a_late_confirmation_escalates_to_qualitys_lead_not_the_department(people, pulled_at_known_time, django_capture_on_commit_callbacks):
    pull = pulled_at_known_time
    quality_lead = UserFactory(username="quality-lead", roles=["quality"], is_staff=True)
    DepartmentLead.objects.create(department=Department.QUALITY, lead=quality_lead)
    with time_machine.travel(PULLED_AT + timedelta(hours=1), tick=False):
        warehouse = _resolved_warehouse(pull, people)

    with django_capture_on_commit_callbacks(execute=True):
        escalate_overdue_work_orders(now=PULLED_AT + timedelta(hours=26))

    assert _fresh(warehouse).confirm_escalation_level == 1
    assert Notification.objects.filter(recipient=quality_lead, key__startswith=f"confirm-escalation-1:{warehouse.pk}:").exists()
    assert not Notification.objects.filter(recipient=people["warehouse"], key__contains="escalation").exists()


@pytest.mark.parametrize("pulls", [5, 50])
def test_qualitys_queue_runs_the_same_queries_for_5_and_50_resolved_rows(client, people, django_assert_num_queries, pulls):
    code = IssueCodeFactory(code="process-slow")
    for _ in range(pulls):
        process = ProcessFactory(owner=people["quality"])
        work_order = pull_andon(agent=people["agent"], target=process, issue_code=code, reason="r").pull.work_orders.get()
        start_work_order(work_order=work_order, actor=people["quality"])
        resolve_work_order(work_order=work_order, actor=people["quality"], outcome=Outcome.PROCESS_FIXED)
    client.force_login(people["quality"])

    # The same seven as every department queue (test_views): no query per row for quality's clock.
    with django_assert_num_queries(9):
        response = client.get(reverse("work:queue") + "?tab=to_confirm")

    assert response.content.decode().count('data-testid="wo-quality-clock"') == pulls


def test_a_resolved_work_order_past_the_department_due_time_is_not_escalated(people, pulled_at_known_time):
    pull = pulled_at_known_time
    with time_machine.travel(PULLED_AT + timedelta(hours=23), tick=False):
        warehouse = _resolved_warehouse(pull, people)

    escalate_overdue_work_orders(now=PULLED_AT + timedelta(hours=30))

    assert (_fresh(warehouse).escalation_level, _fresh(warehouse).confirm_escalation_level) == (0, 0)
    assert not AuditEvent.objects.filter(object_id=str(warehouse.pk), action__startswith="escalate").exists()
