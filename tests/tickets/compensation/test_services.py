"""Compensation settles the customer, is costed, and has a daily limit per agent."""

from decimal import Decimal
from unittest.mock import patch

import pytest

from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent
from members.models import Coupon, Order
from tickets.factories import ComplaintFactory
from tickets.models import Compensation
from members.factories import UserFactory
from tickets.compensation.services import CompensationLimitReached, NotAllowedToCompensate, grant_compensation
from tickets.complaints.services import close_complaint, resolve_complaint


@pytest.fixture
def complaint(db):
    return ComplaintFactory(product=ProductFactory(price=Decimal("50.00"), cost=Decimal("44.00"), stock=5))


def test_only_the_people_who_work_complaints_may_grant_compensation(complaint):
    warehouse = UserFactory(username="zhao", roles=["warehouse"])

    with pytest.raises(NotAllowedToCompensate, match="Only customer-service agents and their managers"):
        grant_compensation(complaint=complaint, agent=warehouse, kind="coupon", amount=Decimal("5"))
    assert (Compensation.objects.count(), Coupon.objects.count()) == (0, 0)


def test_a_coupon_is_issued_to_the_customer_and_costed_at_its_amount(agent, complaint):
    grant = grant_compensation(complaint=complaint, agent=agent, kind="coupon", amount=Decimal("5"))

    coupon = Coupon.objects.get(customer=complaint.customer)
    assert (grant.cost, grant.coupon, coupon.amount, coupon.redeemed_on) == (Decimal("5.00"), coupon, Decimal("5.00"), None)


def test_a_coupon_granted_leaves_an_audit_row_naming_the_agent(agent, complaint):
    grant = grant_compensation(complaint=complaint, agent=agent, kind="coupon", amount=Decimal("5"))

    [event] = AuditEvent.objects.filter(content_type__model="coupon", object_id=str(grant.coupon.pk))
    assert (event.action, event.actor, event.note) == ("issue", agent, f"5.00 CNY: Complaint #{complaint.pk}")


def test_a_refund_defaults_to_the_line_and_is_recorded_on_the_order(agent, complaint, django_capture_on_commit_callbacks):
    with patch("members.orders.payments.SimulatedGateway.refund") as gateway_refund:
        with django_capture_on_commit_callbacks(execute=True):
            grant = grant_compensation(complaint=complaint, agent=agent, kind="refund")

    order = Order.objects.get(pk=complaint.order_line.order_id)
    assert (grant.cost, order.refunded_amount) == (Decimal("50.00"), Decimal("50.00"))
    assert gateway_refund.call_args.kwargs["amount"] == Decimal("50.00")


def test_a_replacement_is_costed_at_what_the_product_costs_us(agent, complaint):
    grant = grant_compensation(complaint=complaint, agent=agent, kind="replacement")

    assert (grant.cost, grant.replacement_order.total) == (Decimal("44.00"), Decimal("0.00"))


def test_a_grant_past_the_daily_limit_is_refused_with_what_is_left(agent, complaint, settings):
    settings.COMPENSATION_LIMIT_PER_AGENT_PER_DAY = Decimal("60")
    grant_compensation(complaint=complaint, agent=agent, kind="refund")  # 50 of 60

    with pytest.raises(CompensationLimitReached, match="10.00 CNY left today"):
        grant_compensation(complaint=complaint, agent=agent, kind="coupon", amount=Decimal("20"))

    assert (Compensation.objects.count(), Coupon.objects.count()) == (1, 0)


def test_a_refund_larger_than_what_was_paid_is_refused(agent, complaint):
    with pytest.raises(Exception, match="at most"):
        grant_compensation(complaint=complaint, agent=agent, kind="refund", amount=Decimal("1000"))

    assert Compensation.objects.count() == 0


def test_nothing_is_granted_on_a_closed_complaint(agent, complaint):
    close_complaint(complaint=resolve_complaint(complaint=complaint, actor=agent), actor=agent)

    with pytest.raises(Exception, match="is closed"):
        grant_compensation(complaint=complaint, agent=agent, kind="coupon", amount=Decimal("5"))

    assert Compensation.objects.count() == 0
