"""Above the daily limit: the agent asks a manager, who approves (the grant is made on their authority)
or declines with a reason; the agent and the customer are told. Two approvals end in one grant."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from flywheel.errors import Conflict, DomainError
from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent
from members.factories import UserFactory
from members.models import Notification
from members.orders.services import refund_part
from members.teams.services import add_member, create_team
from tickets.compensation.models import CompensationRequest
from tickets.compensation.selectors import left_today
from tickets.compensation.services import (
    NotAllowedToCompensate, approve_request, ask_for_approval, decline_request, grant_compensation,
)
from tickets.factories import ComplaintFactory
from tickets.models import Compensation

pytestmark = pytest.mark.django_db

LIMIT = Decimal("30")


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.COMPENSATION_LIMIT_PER_AGENT_PER_DAY = LIMIT


@pytest.fixture
def complaint(db):
    """A complaint about a 50 CNY line: a full refund is above the agent's 30 CNY a day."""
    return ComplaintFactory(product=ProductFactory(price=Decimal("50.00"), cost=Decimal("44.00"), stock=5))


@pytest.fixture
def team_manager(db, agent):
    manager = UserFactory(username="boss", roles=["manager"])
    team = create_team(name="East", code="east", manager=manager, actor=manager)
    add_member(team=team, user=agent, started_on=date(2020, 1, 1), actor=manager)
    return manager


def ask_refund(complaint, agent, amount="50.00", **kwargs):
    return ask_for_approval(complaint=complaint, agent=agent, kind="refund", amount=Decimal(amount), **kwargs)


def notified(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


# --- Asking ---------------------------------------------------------------------------------------


def test_a_request_goes_to_the_agents_team_manager(agent, complaint, team_manager):
    asked = ask_refund(complaint, agent)

    assert (asked.approver, asked.state, asked.cost) == (team_manager, "pending", Decimal("50.00"))


def test_the_team_manager_is_notified_with_a_link_to_their_approvals(
    agent, complaint, team_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask_refund(complaint, agent, note="Customer waited two weeks")

    [note] = notified(team_manager)
    assert note.link == f"/agent/approvals/#request-{asked.pk}"
    assert "50.00" in note.subject and "Customer waited two weeks" in note.body


def test_an_agent_without_a_team_asks_every_customer_service_manager(agent, complaint, django_capture_on_commit_callbacks):
    first, second = UserFactory(roles=["manager"]), UserFactory(roles=["manager"])
    UserFactory(roles=["warehouse"])

    with django_capture_on_commit_callbacks(execute=True):
        asked = ask_refund(complaint, agent)

    assert asked.approver is None
    assert (len(notified(first)), len(notified(second))) == (1, 1)
    assert Notification.objects.count() == 2


def test_a_manager_who_runs_their_own_team_asks_the_other_managers(complaint):
    manager = UserFactory(roles=["manager"])
    team = create_team(name="South", code="south", manager=manager, actor=manager)
    add_member(team=team, user=manager, started_on=date(2020, 1, 1), actor=manager)

    assert ask_refund(complaint, manager).approver is None


def test_a_grant_within_the_agents_room_today_is_not_sent_for_approval(agent, complaint, team_manager):
    with pytest.raises(DomainError, match="grant it yourself"):
        ask_refund(complaint, agent, amount="20.00")
    assert CompensationRequest.objects.count() == 0


def test_asking_twice_for_the_same_kind_keeps_one_request(agent, complaint, team_manager):
    ask_refund(complaint, agent)

    with pytest.raises(Conflict, match="already waiting"):
        ask_refund(complaint, agent, amount="45.00")
    assert CompensationRequest.objects.count() == 1


def test_asking_for_more_than_the_order_can_refund_is_refused_at_once(agent, complaint, team_manager):
    with pytest.raises(DomainError, match="can be at most"):
        ask_refund(complaint, agent, amount="500.00")


def test_asking_leaves_an_audit_row(agent, complaint, team_manager):
    asked = ask_refund(complaint, agent)

    assert AuditEvent.objects.get(object_id=str(asked.pk), action="ask").actor == agent


# --- Approving ------------------------------------------------------------------------------------


def test_approving_refunds_the_customer_on_the_managers_authority(agent, complaint, team_manager):
    asked = ask_refund(complaint, agent)

    approved = approve_request(request=asked, manager=team_manager)

    grant = approved.compensation
    complaint.order_line.order.refresh_from_db()
    assert (approved.state, grant.kind, grant.cost, grant.granted_by) == ("approved", "refund", Decimal("50.00"), team_manager)
    assert complaint.order_line.order.refunded_amount == Decimal("50.00")


def test_an_approval_is_audited_on_the_request_and_the_complaint(agent, complaint, team_manager):
    asked = ask_refund(complaint, agent)

    approve_request(request=asked, manager=team_manager)

    assert AuditEvent.objects.get(object_id=str(asked.pk), action="approve").actor == team_manager
    granted = AuditEvent.objects.get(object_id=str(complaint.pk), action="compensate_refund")
    assert granted.actor == team_manager and f"approved request #{asked.pk} of agent" in granted.note


def test_an_approved_grant_counts_against_no_ones_daily_limit(agent, complaint, team_manager):
    approve_request(request=ask_refund(complaint, agent), manager=team_manager)

    assert (left_today(agent), left_today(team_manager)) == (LIMIT, LIMIT)
    grant_compensation(complaint=complaint, agent=agent, kind="coupon", amount=LIMIT)  # the agent's day is intact


def test_the_agent_and_the_customer_are_told_of_an_approval(agent, complaint, team_manager, django_capture_on_commit_callbacks):
    asked = ask_refund(complaint, agent)

    with django_capture_on_commit_callbacks(execute=True):
        approve_request(request=asked, manager=team_manager)

    [to_agent], [to_customer] = notified(agent), notified(complaint.customer)
    assert to_agent.link == f"/agent/complaints/{complaint.pk}/#compensation" and "Approved" in to_agent.subject
    assert to_customer.link == f"/orders/{complaint.order_line.order.number}/" and "granted" in to_customer.subject


def test_a_second_approval_is_refused_and_grants_nothing_more(agent, complaint, team_manager):
    asked = ask_refund(complaint, agent)
    approve_request(request=asked, manager=team_manager)

    with pytest.raises(Conflict, match="already approved by boss"):
        approve_request(request=asked, manager=team_manager)
    assert Compensation.objects.count() == 1


def test_another_teams_manager_cannot_approve(agent, complaint, team_manager):
    asked = ask_refund(complaint, agent)

    with pytest.raises(NotAllowedToCompensate, match="another manager"):
        approve_request(request=asked, manager=UserFactory(roles=["manager"]))
    assert Compensation.objects.count() == 0


def test_nobody_approves_their_own_request(complaint):
    manager = UserFactory(roles=["manager"])
    UserFactory(roles=["manager"])
    asked = ask_refund(complaint, manager)

    with pytest.raises(NotAllowedToCompensate):
        approve_request(request=asked, manager=manager)


def test_an_approval_that_became_impossible_is_refused_and_stays_pending(agent, complaint, team_manager):
    asked = ask_refund(complaint, agent)
    order = complaint.order_line.order
    refund_part(order=order, amount=order.refundable - Decimal("10.00"), actor=team_manager, note="refunded meanwhile")

    with pytest.raises(DomainError, match="can be at most 10.00"):
        approve_request(request=asked, manager=team_manager)
    asked.refresh_from_db()
    assert (asked.state, Compensation.objects.count()) == ("pending", 0)


# --- Declining ------------------------------------------------------------------------------------


def test_declining_needs_a_reason(agent, complaint, team_manager):
    asked = ask_refund(complaint, agent)

    with pytest.raises(DomainError, match="Say why"):
        decline_request(request=asked, manager=team_manager, reason="  ")
    asked.refresh_from_db()
    assert asked.state == "pending"


def test_declining_grants_nothing_and_tells_the_agent_and_the_customer_why(
    agent, complaint, team_manager, django_capture_on_commit_callbacks
):
    asked = ask_refund(complaint, agent)

    with django_capture_on_commit_callbacks(execute=True):
        decline_request(request=asked, manager=team_manager, reason="A replacement is on its way")

    assert Compensation.objects.count() == 0
    [to_agent], [to_customer] = notified(agent), notified(complaint.customer)
    assert "A replacement is on its way" in to_agent.body and "A replacement is on its way" in to_customer.body
    assert AuditEvent.objects.get(object_id=str(asked.pk), action="decline").note == "A replacement is on its way"


def test_a_declined_request_cannot_be_approved_afterwards(agent, complaint, team_manager):
    asked = ask_refund(complaint, agent)
    decline_request(request=asked, manager=team_manager, reason="No")

    with pytest.raises(Conflict, match="already declined"):
        approve_request(request=asked, manager=team_manager)


# --- Two approvals at once ------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_of_one_request_at_once_end_in_one_grant():
    """Deterministic: the first approval holds the request's row lock until the second is seen waiting on it."""
    from tests.concurrency import in_thread, wait_until_a_connection_waits_on_a_row_lock

    agent = UserFactory(username="agent", roles=["agent"])
    first_manager, second_manager = UserFactory(roles=["manager"]), UserFactory(roles=["manager"])
    complaint = ComplaintFactory(product=ProductFactory(price=Decimal("50.00"), stock=5))
    asked = ask_refund(complaint, agent)  # no team: every manager may approve it
    errors: list[BaseException] = []
    second = in_thread(lambda: approve_request(request=asked, manager=second_manager), errors)

    with transaction.atomic():
        approve_request(request=asked, manager=first_manager)
        second.start()
        wait_until_a_connection_waits_on_a_row_lock()
    second.join()

    assert connection.vendor == "postgresql"
    assert list(Compensation.objects.values_list("granted_by", flat=True)) == [first_manager.pk]
    assert [type(error) for error in errors] == [Conflict]
    complaint.order_line.order.refresh_from_db()
    assert complaint.order_line.order.refunded_amount == Decimal("50.00")
