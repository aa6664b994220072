"""Pulling the cord: the target stops in the same transaction, with no approval of any kind."""

from decimal import Decimal

import pytest
from django.core import mail

from andon.pulls.jobs import notify_pull_opened
from andon.models import AndonPull, PullSupport
from andon.pulls.services import NotAllowedToPull, pull_andon, warn_owners
from flywheel.errors import DomainError
from flywheel.factories import PartnerFactory, ProductFactory, SupplierFactory
from flywheel.models import AuditEvent, ListingState, Partner, Product
from members.errors import NotBuyable
from members.factories import OrderFactory, UserFactory
from members.models import Notification, Order
from members.cart.services import add_to_cart
from tickets.factories import ComplaintFactory, IssueCodeFactory, ProcessFactory
from tickets.models import Process


@pytest.fixture
def product(db):
    vendor_manager = UserFactory(username="vm", email="vm@example.com", roles=["vendor_manager"])
    return ProductFactory(title="The Silent River", price=Decimal("50.00"), supplier=SupplierFactory(vendor_manager=vendor_manager))


def test_a_pull_takes_the_product_off_sale_at_once(agent, product, customer):
    complaint = ComplaintFactory(product=product)

    outcome = pull_andon(agent=agent, complaint=complaint, reason="Pages 100-101 uncut")

    product.refresh_from_db()
    assert (outcome.joined, outcome.pull.state, product.listing_state) == (False, "open", ListingState.UNDER_REVIEW)
    with pytest.raises(NotBuyable, match="temporarily unavailable - under review"):
        add_to_cart(customer=customer, product=product)


def test_a_pull_records_who_why_the_rule_and_the_gmv_at_stake(agent, product):
    first = ComplaintFactory(product=product)
    second = ComplaintFactory(product=product)
    OrderFactory(lines=[(product, 3)])  # 150.00 sold, plus the 2 x 50.00 behind the complaints
    OrderFactory(lines=[(product, 5)], status=Order.Status.CANCELLED)  # not counted

    pull = pull_andon(agent=agent, complaint=second, reason="  Pages 100-101\nuncut  ").pull

    assert pull.reason == "Pages 100-101 uncut"
    assert pull.pulled_by == agent and pull.issue_code == second.issue_code
    assert pull.rule_met is True
    assert [c["id"] for c in pull.rule_snapshot["complaints"]] == [first.pk, second.pk]
    assert pull.gmv_at_stake == Decimal("250.00")
    assert AuditEvent.objects.filter(action="pull", object_id=str(pull.pk), actor=agent).count() == 1


def test_an_agent_may_pull_without_the_rule_met(agent, product):
    pull = pull_andon(agent=agent, complaint=ComplaintFactory(product=product), reason="Looks systemic").pull

    assert (pull.rule_met, pull.rule_snapshot["distinct_customers"]) == (False, 1)
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW


def test_a_second_pull_joins_the_open_one(agent, product):
    first = pull_andon(agent=agent, complaint=ComplaintFactory(product=product), reason="Uncut pages").pull
    other_agent = UserFactory(roles=["agent"])

    outcome = pull_andon(agent=other_agent, complaint=ComplaintFactory(product=product), reason="Same here")

    assert (outcome.joined, outcome.pull.pk) == (True, first.pk)
    assert AndonPull.objects.count() == 1
    assert PullSupport.objects.filter(pull=first).count() == 2


def test_pulling_the_same_complaint_twice_adds_nothing(agent, product):
    complaint = ComplaintFactory(product=product)
    pull_andon(agent=agent, complaint=complaint, reason="Uncut pages")

    pull_andon(agent=agent, complaint=complaint, reason="Uncut pages")

    assert PullSupport.objects.count() == 1


@pytest.mark.parametrize("username,roles", [("member", []), ("vendor", ["vendor_manager"]), ("warehouse", ["warehouse"])])
def test_only_agents_and_managers_can_pull(product, username, roles):
    user = UserFactory(username=username, roles=roles)

    with pytest.raises(NotAllowedToPull):
        pull_andon(agent=user, complaint=ComplaintFactory(product=product), reason="Uncut pages")

    assert (AndonPull.objects.count(), Product.objects.get(pk=product.pk).listing_state) == (0, ListingState.LISTED)


@pytest.mark.parametrize("reason,message", [("", "Type one line"), ("   \n ", "Type one line"), ("x" * 201, "at most 200")])
def test_a_bad_reason_is_refused_and_nothing_is_written(agent, product, reason, message):
    with pytest.raises(DomainError, match=message):
        pull_andon(agent=agent, complaint=ComplaintFactory(product=product), reason=reason)

    assert (AndonPull.objects.count(), Product.objects.get(pk=product.pk).listing_state) == (0, ListingState.LISTED)


def test_a_partner_pull_hides_the_partner(agent):
    partner = PartnerFactory()

    pull_andon(agent=agent, target=partner, issue_code=IssueCodeFactory(code="rude-service"), reason="Overcharged twice")

    assert Partner.objects.get(pk=partner.pk).listing_state == ListingState.UNDER_REVIEW


def test_a_process_pull_turns_its_lamp_red(agent):
    process = ProcessFactory()

    pull_andon(agent=agent, target=process, issue_code=IssueCodeFactory(code="late-delivery"), reason="Returns stuck")

    assert Process.objects.get(pk=process.pk).lamp == Process.Lamp.RED


def test_the_owners_are_notified_once_even_if_the_job_runs_again(agent, product, django_capture_on_commit_callbacks):
    warehouse = UserFactory(username="wh", email="wh@example.com", roles=["warehouse"])
    with django_capture_on_commit_callbacks(execute=True):
        pull = pull_andon(agent=agent, complaint=ComplaintFactory(product=product), reason="Uncut pages").pull

    notify_pull_opened(pull_id=pull.pk)  # a retried job

    key = f"pull-opened:{pull.pk}"
    assert sorted(Notification.objects.filter(key=key).values_list("recipient__username", flat=True)) == ["vm", "wh"]
    subject = Notification.objects.filter(key=key).first().subject
    assert sorted(address for message in mail.outbox if message.subject == subject for address in message.to) == [
        "vm@example.com", warehouse.email,
    ]


def test_a_warning_notifies_the_owners_and_keeps_selling(agent, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        warning = warn_owners(agent=agent, complaint=ComplaintFactory(product=product), reason="First of its kind?")

    assert Product.objects.get(pk=product.pk).listing_state == ListingState.LISTED
    assert AndonPull.objects.count() == 0
    assert list(Notification.objects.values_list("recipient__username", "key")) == [("vm", f"warning:{warning.pk}")]


@pytest.mark.parametrize("reason", ["Pages \ufffd uncut", "Pages\x00uncut", "\x1b[31mred"])
def test_a_reason_that_is_not_readable_text_is_refused(agent, product, reason):
    with pytest.raises(DomainError, match="not readable text"):
        pull_andon(agent=agent, complaint=ComplaintFactory(product=product), reason=reason)

    assert (AndonPull.objects.count(), Product.objects.get(pk=product.pk).listing_state) == (0, ListingState.LISTED)


def test_a_target_nobody_owns_is_reported_to_the_managers(agent, django_capture_on_commit_callbacks):
    manager = UserFactory(username="boss", roles=["manager"])
    process = ProcessFactory(owner=None)

    with django_capture_on_commit_callbacks(execute=True):
        pull = pull_andon(agent=agent, target=process, issue_code=IssueCodeFactory(code="late-delivery"), reason="Stuck").pull

    assert Notification.objects.filter(recipient=manager, key=f"pull-opened:{pull.pk}").exists()
