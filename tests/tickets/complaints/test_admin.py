"""Complaints and pulls in the admin: fixed query counts, state only through services, pulls read-only."""

import pytest
from django.urls import reverse

from andon.models import AndonPull
from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent, ListingState, Product
from members.factories import UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory
from tickets.models import Complaint, IssueCode

pytestmark = pytest.mark.django_db

# session, user, the issue codes for their filter, the row count, the rows with customer, issue
# code and target joined, and the storefront context processor's cart count.
COMPLAINT_CHANGELIST_QUERIES = 6
# session, user, the teams of the team filter, the row count, the rows with target, issue code,
# puller, team and complaint count, the cart count.
PULL_CHANGELIST_QUERIES = 6


@pytest.fixture
def pull(agent):
    return pull_andon(agent=agent, complaint=ComplaintFactory(product=ProductFactory()), reason="Pages uncut").pull


@pytest.mark.parametrize("rows", [5, 50])
def test_complaint_changelist_query_count_does_not_grow_with_rows(admin_client, django_assert_num_queries, rows):
    product = ProductFactory(stock=100)
    ComplaintFactory.create_batch(rows, product=product)

    with django_assert_num_queries(COMPLAINT_CHANGELIST_QUERIES):
        response = admin_client.get(reverse("admin:tickets_complaint_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_pull_changelist_query_count_does_not_grow_with_rows(admin_client, agent, django_assert_num_queries, rows):
    for _ in range(rows):
        pull_andon(agent=agent, complaint=ComplaintFactory(product=ProductFactory()), reason="Pages uncut")

    with django_assert_num_queries(PULL_CHANGELIST_QUERIES):
        response = admin_client.get(reverse("admin:andon_andonpull_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_pull_changelist_shows_the_complaints_behind_each_pull(admin_client, pull):
    product = pull.product
    pull_andon(agent=UserFactory(roles=["agent"]), complaint=ComplaintFactory(product=product), reason="Same")

    response = admin_client.get(reverse("admin:andon_andonpull_changelist"))

    assert response.context["cl"].result_list[0].complaint_count == 2
    assert product.sku in response.content.decode()


def test_complaint_changelist_finds_a_complaint_by_product_sku(admin_client):
    wanted = ComplaintFactory(product=ProductFactory(sku="BOOK-RIVER"))
    ComplaintFactory(product=ProductFactory(sku="MUG-1"))

    response = admin_client.get(reverse("admin:tickets_complaint_changelist"), {"q": "BOOK-RIVER"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_resolving_complaints_in_the_admin_goes_through_the_service(admin_client, staff_user):
    complaint = ComplaintFactory(product=ProductFactory())

    admin_client.post(
        reverse("admin:tickets_complaint_changelist"), {"action": "resolve_selected", "_selected_action": [complaint.pk]}
    )

    assert Complaint.objects.get(pk=complaint.pk).state == Complaint.State.RESOLVED
    assert AuditEvent.objects.filter(action="resolve", object_id=str(complaint.pk), actor=staff_user).exists()


def test_closing_an_open_complaint_is_refused_with_a_message(admin_client):
    complaint = ComplaintFactory(product=ProductFactory())

    response = admin_client.post(
        reverse("admin:tickets_complaint_changelist"),
        {"action": "close_selected", "_selected_action": [complaint.pk]},
        follow=True,
    )

    assert f"#{complaint.pk}:" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).state == Complaint.State.OPEN


def test_a_complaint_cannot_be_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:tickets_complaint_add")).status_code == 403


def test_the_complaint_page_shows_but_does_not_change_the_complaint(admin_client):
    complaint = ComplaintFactory(product=ProductFactory())

    response = admin_client.post(reverse("admin:tickets_complaint_change", args=[complaint.pk]), {"text": "rewritten"})

    assert response.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).text == "Pages 100-101 are uncut."


def test_a_manager_renames_an_issue_code_in_the_admin(admin_client):
    code = IssueCode.objects.get(code="print-defect")

    admin_client.post(
        reverse("admin:tickets_issuecode_change", args=[code.pk]),
        {"name": "Printing defect", "name_zh": "印刷缺陷", "active": "on", "position": "1"},
    )

    assert IssueCode.objects.get(pk=code.pk).name == "Printing defect"


def test_a_new_issue_code_can_be_added_in_the_admin(admin_client):
    admin_client.post(
        reverse("admin:tickets_issuecode_add"),
        {"code": "smells", "name": "Bad smell", "name_zh": "异味", "active": "on", "position": "20"},
    )

    assert IssueCode.objects.filter(code="smells", active=True).exists()


def test_a_pull_cannot_be_added_in_the_admin(admin_client, agent):
    product = ProductFactory()

    response = admin_client.post(
        reverse("admin:andon_andonpull_add"),
        {"target_kind": "product", "product": product.pk, "reason": "x", "issue_code": IssueCodeFactory().pk,
         "pulled_by": agent.pk, "rule_met": "on", "gmv_at_stake": "0"},
    )

    assert response.status_code == 403
    assert not AndonPull.objects.exists()


def test_a_pull_cannot_be_changed_in_the_admin(admin_client, pull):
    response = admin_client.post(reverse("admin:andon_andonpull_change", args=[pull.pk]), {"reason": "rewritten"})

    assert response.status_code == 403
    assert AndonPull.objects.get(pk=pull.pk).reason == "Pages uncut"


def test_a_pull_cannot_be_deleted_in_the_admin(admin_client, pull):
    response = admin_client.post(reverse("admin:andon_andonpull_delete", args=[pull.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert AndonPull.objects.filter(pk=pull.pk).exists()
    assert Product.objects.get(pk=pull.product_id).listing_state == ListingState.UNDER_REVIEW


def test_the_pull_changelist_offers_only_the_verdict_actions(admin_client, pull):
    # Nothing approves, holds or undoes a pull; the verdict comes after it (andon.verdicts.admin).
    response = admin_client.get(reverse("admin:andon_andonpull_changelist"))

    actions = {name for name, _label in response.context["action_form"].fields["action"].choices if name}
    assert actions == {"verdict_rule_followed", "verdict_bad_pull"}


def test_a_pull_page_shows_who_joined_it(admin_client, pull):
    joiner = UserFactory(username="lin-wei", roles=["agent"])
    pull_andon(agent=joiner, complaint=ComplaintFactory(product=pull.product), reason="Mine too, pages 40-41")

    response = admin_client.get(reverse("admin:andon_andonpull_change", args=[pull.pk]))

    assert response.status_code == 200
    assert "lin-wei" in response.content.decode()
    assert "Mine too, pages 40-41" in response.content.decode()


def test_the_coupon_and_notification_changelists_load(admin_client):
    assert admin_client.get(reverse("admin:members_coupon_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:members_notification_changelist")).status_code == 200
