"""The default demo tells the andon story through the services: pulls at every stage, the famous one left to pull."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from andon.demo import UNCUT_PAGES_SKU
from andon.models import AndonPull, AndonWarning, CorrectiveAction, RootCauseReview, WorkOrder
from andon.pulls.selectors import andon_board
from flywheel.models import ListingState, Partner, Product
from members.models import Order, OrderLine
from tickets.models import Compensation, Complaint, IssueCode, Process
from tickets.complaints.selectors import rule_status

pytestmark = pytest.mark.django_db

PRODUCT_WORK_ORDERS = [WorkOrder.Kind.SUPPLIER, WorkOrder.Kind.WAREHOUSE]
PARTNER_WORK_ORDERS = [WorkOrder.Kind.ACCEPTANCE, WorkOrder.Kind.RECTIFICATION]


@pytest.fixture(scope="module", autouse=True)
def default_demo(django_db_setup, django_db_blocker):
    """One default demo for the whole module (a build takes seconds), rolled back after its last test.

    Each test still runs in its own transaction inside this one, so what a test changes is undone.
    """
    with django_db_blocker.unblock():
        with transaction.atomic():
            output = StringIO()
            call_command("demo", stdout=output)
            yield output.getvalue()
            transaction.set_rollback(True)


def open_pulls():
    return AndonPull.objects.filter(state=AndonPull.State.OPEN)


def test_the_demo_has_four_to_six_open_pulls():
    assert 4 <= open_pulls().count() <= 6


def test_every_open_product_pull_has_a_supplier_and_a_warehouse_work_order():
    kinds = {pull.pk: sorted(pull.work_orders.values_list("kind", flat=True)) for pull in open_pulls().filter(target_kind="product")}

    assert kinds and all(found == sorted(PRODUCT_WORK_ORDERS) for found in kinds.values())


def test_every_open_partner_pull_has_rectification_and_acceptance_work_orders():
    kinds = [sorted(pull.work_orders.values_list("kind", flat=True)) for pull in open_pulls().filter(target_kind="partner")]

    assert kinds == [sorted(PARTNER_WORK_ORDERS)]


def test_every_pull_has_a_review():
    assert not AndonPull.objects.filter(review__isnull=True).exists()
    assert RootCauseReview.objects.count() == AndonPull.objects.count()


def test_every_product_under_review_has_an_open_pull():
    under_review = set(Product.objects.filter(listing_state=ListingState.UNDER_REVIEW).values_list("pk", flat=True))

    assert under_review and under_review == set(open_pulls().filter(target_kind="product").values_list("product_id", flat=True))


def test_every_partner_under_review_has_an_open_pull():
    under_review = set(Partner.objects.filter(listing_state=ListingState.UNDER_REVIEW).values_list("pk", flat=True))

    assert under_review and under_review == set(open_pulls().filter(target_kind="partner").values_list("partner_id", flat=True))


def test_the_uncut_pages_has_two_customers_print_defect_complaints_that_meet_the_rule():
    book = Product.objects.get(sku=UNCUT_PAGES_SKU)

    rule = rule_status(target=book, issue_code=IssueCode.objects.get(code="print-defect"))

    assert book.title == "The Uncut Pages (Paperback)"
    assert (rule.met, rule.distinct_customers) == (True, 2)
    assert all("100" in complaint.text and "101" in complaint.text for complaint in rule.complaints)


def test_the_uncut_pages_is_on_sale_with_no_pull_so_the_user_can_pull_it():
    book = Product.objects.get(sku=UNCUT_PAGES_SKU)

    assert book.listing_state == ListingState.LISTED
    assert not AndonPull.objects.filter(product=book).exists()


def test_the_uncut_pages_is_the_best_seller():
    sold = {}
    for product_id, quantity in OrderLine.objects.values_list("product_id", "quantity"):
        sold[product_id] = sold.get(product_id, 0) + quantity

    assert max(sold, key=sold.get) == Product.objects.get(sku=UNCUT_PAGES_SKU).pk


def warned_print_defect_book() -> Product:
    return AndonWarning.objects.select_related("product").get(issue_code__code="print-defect").product


def test_a_book_with_a_single_print_defect_complaint_does_not_meet_the_rule():
    book = warned_print_defect_book()

    rule = rule_status(target=book, issue_code=IssueCode.objects.get(code="print-defect"))

    assert book.category.parent.slug == "books"
    assert (rule.met, rule.distinct_customers, len(rule.complaints)) == (False, 1, 1)


def test_the_book_with_a_single_complaint_was_warned_about_and_stays_on_sale():
    book = warned_print_defect_book()

    assert book.listing_state == ListingState.LISTED
    assert not AndonPull.objects.filter(product=book).exists()


def test_a_relisted_products_pull_is_closed_with_a_complete_review():
    # The story's pulls, made on complaints; the verdict chapter's weekly team pulls (no complaint
    # attached) are relisted with their root-cause reviews still open: the review backlog.
    pulls = AndonPull.objects.filter(target_kind="product", relisted_at__isnull=False, supports__complaint__isnull=False).distinct()

    assert pulls.count() >= 3
    assert set(pulls.values_list("state", "review__state")) == {(AndonPull.State.CLOSED, RootCauseReview.State.COMPLETE)}
    assert set(pulls.values_list("product__listing_state", flat=True)) == {ListingState.LISTED}


def test_every_work_order_of_a_closed_pull_is_closed():
    states = set(WorkOrder.objects.filter(pull__state=AndonPull.State.CLOSED).values_list("state", flat=True))

    assert states == {WorkOrder.State.CLOSED}


def test_completed_reviews_have_five_whys_a_cause_and_corrective_actions():
    reviews = RootCauseReview.objects.filter(state=RootCauseReview.State.COMPLETE)

    assert reviews.count() >= 4
    assert all(review.whys.count() >= 5 and review.cause_category and review.actions.exists() for review in reviews)


def test_exactly_one_corrective_action_is_overdue():
    overdue = CorrectiveAction.objects.filter(due_on__lt=timezone.localdate()).exclude(status=CorrectiveAction.Status.DONE)

    assert overdue.count() == 1


def test_a_partner_that_failed_its_acceptance_inspection_is_retired():
    pull = AndonPull.objects.get(work_orders__outcome=WorkOrder.Outcome.INSPECTION_FAILED)

    assert pull.partner.listing_state == ListingState.RETIRED
    assert pull.retired_at is not None and pull.state == AndonPull.State.CLOSED


def test_one_open_pull_was_just_pulled_with_its_work_orders_still_open():
    pull = open_pulls().filter(target_kind="product").order_by("-pulled_at").first()

    assert timezone.now() - pull.pulled_at < timedelta(hours=1)
    assert set(pull.work_orders.values_list("state", flat=True)) == {WorkOrder.State.OPEN}


def test_one_open_pull_waits_for_quality_to_confirm_the_supplier_work_order():
    waiting = WorkOrder.objects.filter(pull__state=AndonPull.State.OPEN, kind=WorkOrder.Kind.SUPPLIER, state=WorkOrder.State.RESOLVED)

    assert waiting.count() == 1
    assert waiting.get().supplier_answers.count() == waiting.get().pull.pull_complaints.count()


def test_one_open_pull_holds_a_packed_order_in_the_warehouse():
    held = Order.objects.filter(
        holding_work_orders__pull__state=AndonPull.State.OPEN, holding_work_orders__state=WorkOrder.State.IN_PROGRESS
    )

    assert held.filter(status=Order.Status.ON_HOLD, held_from=Order.Status.PACKED).exists()


def test_the_partner_pull_has_its_rectification_in_progress():
    pull = open_pulls().get(target_kind="partner")

    assert pull.work_orders.get(kind=WorkOrder.Kind.RECTIFICATION).state == WorkOrder.State.IN_PROGRESS
    assert pull.partner.kind == Partner.Kind.REPAIR_SHOP


def test_the_returns_desk_refund_approval_is_stopped_red_by_an_open_pull():
    process = Process.objects.get(name="Returns desk refund approval")

    assert process.name_zh == "退货退款审批"
    assert process.lamp == Process.Lamp.RED
    assert open_pulls().filter(process=process).exists()


def test_the_board_shows_open_pulls_in_all_three_age_colours():
    assert {row.level for row in andon_board().rows} == {"amber", "orange", "red"}


def test_pulls_are_spread_over_the_last_sixty_days():
    now = timezone.now()
    ages = [now - at for at in AndonPull.objects.values_list("pulled_at", flat=True)]

    assert all(timedelta(0) < age <= timedelta(days=60) for age in ages)
    assert max(ages) > timedelta(days=40)


def test_nobody_bought_a_pulled_product_while_it_was_off_sale():
    now = timezone.now()
    sold_while_off = [
        pull.pk
        for pull in AndonPull.objects.filter(target_kind="product")
        if OrderLine.objects.filter(
            product=pull.product, order__placed_at__gte=pull.pulled_at, order__placed_at__lte=pull.relisted_at or now
        ).exists()
    ]

    assert sold_while_off == []


def test_about_sixty_complaints_in_the_last_thirty_days_cover_all_eight_issue_codes():
    recent = Complaint.objects.filter(created_at__gte=timezone.now() - timedelta(days=settings.ANDON_RULE_WINDOW_DAYS))

    assert 50 <= recent.count() <= 70
    assert set(recent.values_list("issue_code__code", flat=True)) == set(IssueCode.objects.values_list("code", flat=True))


def test_complaints_come_from_many_customers_through_every_channel():
    assert Complaint.objects.values("customer").distinct().count() >= 20
    assert set(Complaint.objects.values_list("channel", flat=True)) == set(Complaint.Channel.values)


def test_product_complaints_are_about_delivered_or_shipped_orders_of_the_customer():
    product_complaints = Complaint.objects.filter(product__isnull=False)

    assert not product_complaints.exclude(order_line__order__customer=F("customer")).exists()
    assert not product_complaints.exclude(order_line__order__status__in=[Order.Status.DELIVERED, Order.Status.SHIPPED]).exists()


def test_compensations_include_a_five_yuan_coupon_a_refund_and_a_replacement():
    kinds = set(Compensation.objects.values_list("kind", flat=True))

    assert kinds == set(Compensation.Kind.values)
    assert Compensation.objects.filter(kind=Compensation.Kind.COUPON, cost=5).exists()


def test_no_agent_was_granted_more_than_the_daily_limit_in_a_day():
    per_agent_day = {}
    for agent_id, granted_at, cost in Compensation.objects.values_list("granted_by_id", "granted_at", "cost"):
        key = (agent_id, timezone.localdate(granted_at))
        per_agent_day[key] = per_agent_day.get(key, 0) + cost

    assert max(per_agent_day.values()) <= settings.COMPENSATION_LIMIT_PER_AGENT_PER_DAY


def test_nothing_in_the_story_happened_in_the_future():
    now = timezone.now()

    assert not Complaint.objects.filter(created_at__gt=now).exists()
    assert not WorkOrder.objects.filter(Q(resolved_at__gt=now) | Q(closed_at__gt=now) | Q(opened_at__gt=now)).exists()
    assert not AndonPull.objects.filter(Q(relisted_at__gt=now) | Q(closed_at__gt=now)).exists()


def test_the_output_tells_the_newcomer_where_to_pull_the_cord():
    complaint = Complaint.objects.filter(product__sku=UNCUT_PAGES_SKU).latest("created_at")

    output = StringIO()
    call_command("demo", stdout=output)

    assert f"/agent/complaints/{complaint.pk}/" in output.getvalue()
    assert "/andon/board/" in output.getvalue() and "/work/" in output.getvalue()


def test_the_demo_has_teams_with_history_a_breach_and_a_backlog():
    from django.db.models import Count

    from andon.pulls.models import Verdict
    from members.models import Team

    assert Team.objects.count() >= 3
    assert AndonPull.objects.filter(verdict="").exists()
    bad_weeks = AndonPull.objects.filter(verdict=Verdict.BAD_PULL).values("team").annotate(n=Count("pk"))
    assert bad_weeks.exists()


def test_the_demo_manager_has_pulls_to_judge():
    from django.contrib.auth import get_user_model

    from andon.verdicts.policy import judgeable_by

    manager = get_user_model().objects.get(username="manager")

    assert AndonPull.objects.filter(judgeable_by(manager), verdict="").exists()
