"""Every e-mail that leaves the site carries whole links, and each opens for the person it was sent to.

One pull's life sends every kind of e-mail the product has: the pull and its work orders to the back
office, the hold, release and refund notices to customers, an escalation at each level, a warning on a
product and on a partner, the "target is back" notice to the agent, and a password reset. Each link is
checked to start with SITE_URL, then opened with the test client (SITE_URL stripped) as its recipient.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from andon.models import WorkOrder
from andon.pulls.services import pull_andon, warn_owners
from andon.work_orders.services import (
    confirm_work_order, escalate_overdue_work_orders, follow_up_shipped_orders, record_supplier_answer, resolve_work_order,
    send_back_work_order, start_work_order,
)
from flywheel.factories import LotFactory, PartnerFactory, ProductFactory, SupplierFactory
from flywheel.services import receive_lot
from members.factories import OrderFactory, UserFactory
from members.cart.services import add_to_cart
from members.models import Order
from tickets.conversation.services import reply_as_customer, reply_to_customer
from tickets.compensation.services import approve_request, ask_for_approval, decline_request
from members.orders.services import ShippingDetails, checkout
from members.restock.services import ask_for_restock_notice
from tickets.factories import ComplaintFactory, IssueCodeFactory

SITE_URL = "https://shop.example.com"
LINK = re.compile(r"\S+://\S+")
Kind, Outcome = WorkOrder.Kind, WorkOrder.Outcome

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("whole_links")]


@pytest.fixture
def whole_links():
    with override_settings(SITE_URL=SITE_URL):
        yield


@pytest.fixture
def people(db):
    """One user per back-office role, keyed and named by the role."""
    return {role: UserFactory(username=role, roles=[role]) for role in ("agent", "vendor_manager", "warehouse", "quality")}


@pytest.fixture
def every_email(people, django_capture_on_commit_callbacks):
    """Run one pull from start to relisting (and a warning, an escalation, a reset); return mail.outbox."""
    UserFactory(username="executive", roles=["executive"])
    product = ProductFactory(stock=0, supplier=SupplierFactory(vendor_manager=people["vendor_manager"]))
    LotFactory(product=product, quantity_received=5)
    OrderFactory(status=Order.Status.PAID, lines=[(product, 1)], customer=UserFactory(username="first-buyer"))
    OrderFactory(status=Order.Status.PAID, lines=[(product, 1)], customer=UserFactory(username="second-buyer"))
    OrderFactory(status=Order.Status.SHIPPED, lines=[(product, 1)], customer=UserFactory(username="shipped-buyer"))
    complaint = ComplaintFactory(product=product)
    with django_capture_on_commit_callbacks(execute=True):
        pull = pull_andon(agent=people["agent"], complaint=complaint, reason="Pages uncut").pull
        warn_owners(agent=people["agent"], complaint=ComplaintFactory(product=ProductFactory(supplier=product.supplier)), reason="Smells")
        warn_owners(
            agent=people["agent"], target=PartnerFactory(partner_manager=people["vendor_manager"]),
            issue_code=IssueCodeFactory(code="late"), reason="Late twice",
        )
    talked_over = ComplaintFactory(product=product, taken_by=people["agent"])
    with django_capture_on_commit_callbacks(execute=True):  # the conversation: a reply, and the customer's answer
        reply_to_customer(complaint=talked_over, author=people["agent"], body="A new copy ships today.")
        reply_as_customer(complaint=talked_over, customer=talked_over.customer, body="Thank you.")
    # A member waits for the pulled product to return; another buys something else (the confirmation).
    ask_for_restock_notice(customer=UserFactory(username="waiting-member"), product=product)
    buyer = UserFactory(username="confirmed-buyer")
    add_to_cart(customer=buyer, product=ProductFactory(stock=3), quantity=1)
    with django_capture_on_commit_callbacks(execute=True):
        checkout(customer=buyer, shipping=ShippingDetails(name="Li Mei", address="88 Century Avenue"), card_number="4242424242424242")
    supplier_order, warehouse_order = (pull.work_orders.get(kind=kind) for kind in (Kind.SUPPLIER, Kind.WAREHOUSE))
    with django_capture_on_commit_callbacks(execute=True):
        escalate_overdue_work_orders(now=warehouse_order.due_at + timedelta(days=3))
    # One unit of good stock for two held orders: one order is released, the other refunded.
    LotFactory(product=product, quantity_received=1)
    with django_capture_on_commit_callbacks(execute=True):
        start_work_order(work_order=warehouse_order, actor=people["warehouse"])
        resolve_work_order(work_order=warehouse_order, actor=people["warehouse"], outcome=Outcome.NO_DEFECT)
        send_back_work_order(work_order=warehouse_order, actor=people["quality"], reason="Open every carton")
        resolve_work_order(work_order=warehouse_order, actor=people["warehouse"], outcome=Outcome.LOT_RETURNED)
        follow_up_shipped_orders(work_order=warehouse_order, actor=people["warehouse"], coupon_amount=Decimal("5.00"))
    with django_capture_on_commit_callbacks(execute=True):
        escalate_overdue_work_orders(now=WorkOrder.objects.get(pk=warehouse_order.pk).confirm_due_at + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        record_supplier_answer(work_order=supplier_order, complaint=complaint, answer="Binding machine fault", actor=people["vendor_manager"])
        start_work_order(work_order=supplier_order, actor=people["vendor_manager"])
        resolve_work_order(work_order=supplier_order, actor=people["vendor_manager"], outcome=Outcome.NO_DEFECT)
        for work_order in (warehouse_order, supplier_order):
            confirm_work_order(work_order=WorkOrder.objects.get(pk=work_order.pk), actor=people["quality"])
        receive_lot(product=product, code="RESTOCK-1", quantity=5)  # relisted with no stock left: the waiting member hears now
    # Compensation above the agent's limit: asked of the managers, one approved, one declined.
    cs_manager = UserFactory(username="cs-manager", roles=["manager"])
    with override_settings(COMPENSATION_LIMIT_PER_AGENT_PER_DAY=Decimal("1")), django_capture_on_commit_callbacks(execute=True):
        coupon = ask_for_approval(complaint=complaint, agent=people["agent"], kind="coupon", amount=Decimal("20"))
        approve_request(request=coupon, manager=cs_manager)
        replacement = ask_for_approval(complaint=complaint, agent=people["agent"], kind="replacement", quantity=1)
        decline_request(request=replacement, manager=cs_manager, reason="A coupon was given")
    return list(mail.outbox)


def _subjects(emails) -> str:
    return "\n".join(sorted(message.subject for message in emails))


def test_every_kind_of_email_was_sent(every_email):
    subjects = _subjects(every_email)

    for sent in (
        "Andon pull #", "Andon warning", "New work order", "Overdue:", "is on hold", "on its way again", "is refunded", "is back",
        "We replied to your report", "The customer answered on complaint",
        "Quality sent", "Confirmation overdue", "which you received",
        "Approval asked", "Approved:", "Declined:", "About your complaint", "is confirmed",
    ):
        assert sent in subjects, f"no e-mail with {sent!r} among:\n{subjects}"


def test_every_email_carries_a_link_and_every_link_is_whole(every_email):
    for message in every_email:
        links = LINK.findall(message.body)
        assert links, f"{message.subject!r} has no link"
        assert all(link.startswith(f"{SITE_URL}/") for link in links), (message.subject, links)
        assert not re.search(r"(^|\s)/[\w-]", message.body), f"{message.subject!r} still has a bare path"


def test_the_waiting_member_is_told_the_product_is_back(every_email):
    assert any(message.to == ["waiting-member@example.com"] and "is back" in message.subject for message in every_email)


def test_every_link_opens_for_its_recipient(every_email, client):
    User = get_user_model()
    opened = 0
    for message in every_email:
        recipient = User.objects.get(email=message.to[0])
        client.force_login(recipient)
        for link in LINK.findall(message.body):
            response = client.get(link.removeprefix(SITE_URL))
            assert response.status_code == 200, (message.subject, recipient.username, link, response.status_code)
            opened += 1
        client.logout()
    assert opened >= len(every_email)


def test_the_password_reset_link_is_whole_and_opens_the_reset_page(client, customer):
    client.post(reverse("members:password-reset"), {"email": customer.email}, HTTP_HOST="127.0.0.1")

    (link,) = LINK.findall(mail.outbox[0].body)
    assert link.startswith(f"{SITE_URL}/accounts/reset/")
    response = client.get(link.removeprefix(SITE_URL), follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is True
    assert "shop.example.com" in mail.outbox[0].subject
