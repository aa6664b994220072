"""The relist-rate and Pareto reports: arithmetic checked against numbers computed here, pages, JSON, query counts."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from andon.models import AndonPull, CorrectiveAction, RootCauseReview, WorkOrder
from andon.reports.selectors import Period, pareto, relist_rate_report
from andon.pulls.services import pull_andon
from andon.work_orders.services import confirm_work_order, resolve_work_order, start_work_order
from flywheel.factories import CategoryFactory, PartnerFactory, ProductFactory, SupplierFactory
from members.factories import UserFactory
from tickets.factories import IssueCodeFactory

Kind, Outcome = WorkOrder.Kind, WorkOrder.Outcome
TODAY = date(2026, 11, 20)
PERIOD = Period(start=date(2026, 9, 1), end=TODAY)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def _ended_pull(target, agent, *, pulled_at, relisted_after=None, retired_after=None, issue_code="print-defect", reason="Broken"):
    """A pull already at its end: relisted (or retired) after the given time, or still open."""
    kind = "product" if hasattr(target, "sku") else "partner"
    ended = relisted_after or retired_after
    return AndonPull.objects.create(
        target_kind=kind, target_key=f"{kind}:{target.pk}", **{kind: target},
        state=AndonPull.State.RESOLVED if ended else AndonPull.State.OPEN,
        reason=reason, issue_code=IssueCodeFactory(code=issue_code), pulled_by=agent, pulled_at=pulled_at,
        rule_met=True, gmv_at_stake=Decimal("0.00"),
        relisted_at=pulled_at + relisted_after if relisted_after else None,
        retired_at=pulled_at + retired_after if retired_after else None,
    )


def _inspect_partner(pull, people, outcome):
    """The partner flow through the real services: rectify, confirm, inspect, confirm."""
    rectification = pull.work_orders.get(kind=Kind.RECTIFICATION)
    start_work_order(work_order=rectification, actor=people["partner_manager"])
    resolve_work_order(work_order=rectification, actor=people["partner_manager"], outcome=Outcome.RECTIFIED)
    confirm_work_order(work_order=rectification, actor=people["quality"])
    acceptance = pull.work_orders.get(kind=Kind.ACCEPTANCE)
    start_work_order(work_order=acceptance, actor=people["quality"])
    resolve_work_order(work_order=acceptance, actor=people["quality"], outcome=outcome, notes="Workshop still unlicensed")
    confirm_work_order(work_order=acceptance, actor=people["quality"])


# --- Relist rate ----------------------------------------------------------------------------


def test_a_cohort_of_fifty_partners_of_which_nine_came_back_is_eighteen_percent(people):
    issue = IssueCodeFactory(code="rude-service")
    partners = [PartnerFactory(admitted_on=date(2026, 3, 5), partner_manager=people["partner_manager"]) for _n in range(50)]
    pulls = [pull_andon(agent=people["agent"], target=partner, issue_code=issue, reason="Overcharges").pull for partner in partners]
    for pull in pulls[:9]:
        _inspect_partner(pull, people, Outcome.INSPECTION_PASSED)
    for pull in pulls[9:]:
        _inspect_partner(pull, people, Outcome.INSPECTION_FAILED)

    report = relist_rate_report(Period(start=timezone.localdate() - timedelta(days=1), end=timezone.localdate()))

    [cohort] = report.by_cohort
    assert (cohort.label, cohort.pulled, cohort.relisted, cohort.rate) == ("2026-03", 50, 9, Decimal("18.0"))
    assert len(report.never_back) == 41
    assert {(entry.status, entry.failing_outcome) for entry in report.never_back} == {("retired", "inspection failed")}


def test_relist_rate_by_supplier_matches_the_counts_of_the_pulls(people):
    acme, binder = SupplierFactory(name="Acme"), SupplierFactory(name="Binder")
    acme_products = [ProductFactory(supplier=acme, stock=0) for _n in range(4)]
    binder_products = [ProductFactory(supplier=binder, stock=0) for _n in range(3)]
    day = date(2026, 10, 1)
    # Acme: two back (after 2 and 6 hours), one pulled twice (back the first time, still off after the second), one off.
    _ended_pull(acme_products[0], people["agent"], pulled_at=at(day), relisted_after=timedelta(hours=2))
    _ended_pull(acme_products[1], people["agent"], pulled_at=at(day), relisted_after=timedelta(hours=6))
    _ended_pull(acme_products[2], people["agent"], pulled_at=at(day), relisted_after=timedelta(hours=1))
    _ended_pull(acme_products[2], people["agent"], pulled_at=at(day + timedelta(days=3)))
    _ended_pull(acme_products[3], people["agent"], pulled_at=at(day))
    # Binder: every product back, after 1, 2 and 9 hours; one was pulled before the period too (not counted).
    _ended_pull(binder_products[0], people["agent"], pulled_at=at(date(2026, 8, 1)), relisted_after=timedelta(hours=99))
    for product, hours in zip(binder_products, (1, 2, 9), strict=True):
        _ended_pull(product, people["agent"], pulled_at=at(day + timedelta(days=5)), relisted_after=timedelta(hours=hours))
    latest = {}
    for pull in AndonPull.objects.filter(pulled_at__gte=at(PERIOD.start, 0)).order_by("pulled_at", "pk"):
        latest[pull.target_key] = pull
    expected = {}
    for supplier in (acme, binder):
        mine = [pull for pull in latest.values() if pull.product.supplier_id == supplier.pk]
        back = sorted(pull.relisted_at - pull.pulled_at for pull in mine if pull.relisted_at)
        expected[supplier.name] = (len(mine), len(back), sum(back, timedelta()) / len(back))

    report = relist_rate_report(PERIOD)

    assert {group.label: (group.pulled, group.relisted, group.mean_time_to_relist) for group in report.by_supplier} == expected
    assert {group.label: group.rate for group in report.by_supplier} == {"Acme": Decimal("50.0"), "Binder": Decimal("100.0")}
    assert {group.label: group.median_time_to_relist for group in report.by_supplier} == {
        "Acme": timedelta(hours=4), "Binder": timedelta(hours=2),
    }
    assert [group.label for group in report.by_supplier] == ["Acme", "Binder"]  # worst first


def test_relist_rate_by_category_groups_subcategories_under_their_top_category(people):
    books = CategoryFactory(name="Books")
    fiction, poetry = CategoryFactory(name="Fiction", parent=books), CategoryFactory(name="Poetry", parent=books)
    day = date(2026, 10, 1)
    _ended_pull(ProductFactory(category=fiction, stock=0), people["agent"], pulled_at=at(day), relisted_after=timedelta(hours=3))
    _ended_pull(ProductFactory(category=fiction, stock=0), people["agent"], pulled_at=at(day))
    _ended_pull(ProductFactory(category=poetry, stock=0), people["agent"], pulled_at=at(day), relisted_after=timedelta(hours=5))
    _ended_pull(ProductFactory(category=books, stock=0), people["agent"], pulled_at=at(day))

    report = relist_rate_report(PERIOD)

    assert [(group.label, group.pulled, group.relisted) for group in report.by_category] == [("Books", 4, 2)]
    assert {group.label: (group.pulled, group.relisted) for group in report.by_subcategory} == {
        "Books": (1, 0), "Books › Fiction": (2, 1), "Books › Poetry": (1, 1),
    }


def test_targets_still_off_are_listed_with_their_pull_reason(people):
    product = ProductFactory(stock=0)
    _ended_pull(product, people["agent"], pulled_at=at(date(2026, 10, 2)), reason="Spine glue fails")

    report = relist_rate_report(PERIOD)

    assert [(entry.pull.product_id, entry.status, entry.pull.reason) for entry in report.never_back] == [
        (product.pk, "still off", "Spine glue fails"),
    ]


# --- Pareto ---------------------------------------------------------------------------------


def test_pareto_sorts_descending_with_the_cumulative_share():
    bars = pareto([("b", "Packaging", 3), ("c", "Carrier", 1), ("a", "Supplier quality", 6)])

    assert [(bar.key, bar.count, bar.cumulative) for bar in bars] == [
        ("a", 6, Decimal("60.0")), ("b", 3, Decimal("90.0")), ("c", 1, Decimal("100.0")),
    ]


def _completed_review(pull, category, completed_at):
    review = RootCauseReview.objects.create(
        pull=pull, state=RootCauseReview.State.COMPLETE, cause_category=category, root_cause="No incoming inspection",
        completed_at=completed_at,
    )
    return review


def test_pareto_report_counts_completed_reviews_and_pulls_in_the_period(people):
    day = date(2026, 10, 1)
    categories = ["supplier_quality"] * 6 + ["packaging"] * 3 + ["carrier"]
    codes = ["print-defect"] * 6 + ["damaged-in-transit"] * 3 + ["wrong-item"]
    for category, code in zip(categories, codes, strict=True):
        pull = _ended_pull(ProductFactory(stock=0), people["agent"], pulled_at=at(day), issue_code=code)
        _completed_review(pull, category, at(day, 15))
    outside = _ended_pull(ProductFactory(stock=0), people["agent"], pulled_at=at(date(2026, 8, 1)), issue_code="wrong-item")
    _completed_review(outside, "carrier", at(date(2026, 8, 2)))

    from andon.reports.selectors import pareto_report

    report = pareto_report(PERIOD, today=TODAY)

    assert [(bar.key, bar.count, bar.cumulative) for bar in report.cause_categories] == [
        ("supplier_quality", 6, Decimal("60.0")), ("packaging", 3, Decimal("90.0")), ("carrier", 1, Decimal("100.0")),
    ]
    assert [(bar.key, bar.count, bar.cumulative) for bar in report.issue_codes] == [
        ("print-defect", 6, Decimal("60.0")), ("damaged-in-transit", 3, Decimal("90.0")), ("wrong-item", 1, Decimal("100.0")),
    ]


def test_overdue_corrective_actions_are_those_not_done_and_past_due(people):
    pull = _ended_pull(ProductFactory(stock=0), people["agent"], pulled_at=at(date(2026, 10, 1)))
    review = RootCauseReview.objects.create(pull=pull, owner=people["manager"])
    owner = people["manager"]
    late = CorrectiveAction.objects.create(review=review, description="Inspect inbound lots", owner=owner, due_on=TODAY - timedelta(days=3))
    started = CorrectiveAction.objects.create(
        review=review, description="Retrain packers", owner=owner, due_on=TODAY - timedelta(days=1),
        status=CorrectiveAction.Status.IN_PROGRESS,
    )
    CorrectiveAction.objects.create(review=review, description="Done already", owner=owner, due_on=TODAY - timedelta(days=9), status=CorrectiveAction.Status.DONE)
    CorrectiveAction.objects.create(review=review, description="Due today", owner=owner, due_on=TODAY)

    from andon.reports.selectors import pareto_report

    report = pareto_report(PERIOD, today=TODAY)

    assert [action.pk for action in report.overdue_actions] == [late.pk, started.pk]


# --- Pages and JSON -------------------------------------------------------------------------


@pytest.fixture
def report_data(people):
    """A few pulls of each kind, enough that a per-row query would show in the counts."""
    day = date(2026, 10, 1)
    for index in range(6):
        product = ProductFactory(stock=0, supplier=SupplierFactory(), category=CategoryFactory(parent=CategoryFactory()))
        pull = _ended_pull(product, people["agent"], pulled_at=at(day), relisted_after=timedelta(hours=index + 1) if index % 2 else None)
        review = _completed_review(pull, "packaging", at(day, 12))
        CorrectiveAction.objects.create(review=review, description="Fix", owner=people["manager"], due_on=date(2026, 10, 5))
    for index in range(4):
        partner = PartnerFactory(admitted_on=date(2026, index + 1, 1))
        _ended_pull(partner, people["agent"], pulled_at=at(day), retired_after=timedelta(days=2) if index % 2 else None)


PERIOD_QUERY = {"from": "2026-09-01", "to": "2026-11-20"}


@pytest.mark.parametrize("url", ["/reports/relist-rate/", "/reports/pareto/", "/api/v1/reports/relist-rate/", "/api/v1/reports/pareto/"])
def test_a_member_cannot_read_the_reports(client, people, url):
    client.force_login(people["member"])

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ["/reports/relist-rate/", "/reports/pareto/", "/api/v1/reports/relist-rate/", "/api/v1/reports/pareto/"])
def test_a_manager_reads_the_reports(client, people, url):
    client.force_login(people["manager"])

    assert client.get(url).status_code == 200


def test_the_relist_rate_page_shows_the_cohort_table_and_the_chart(client, people, report_data):
    client.force_login(people["manager"])

    page = client.get("/reports/relist-rate/", PERIOD_QUERY).content.decode()

    assert 'data-testid="relist-chart-cohort"' in page
    assert "chartjs/chart.umd.min.js" in page
    assert "2026-02" in page and "0.00% (0 of 1)" in page


def test_the_relist_rate_page_runs_a_fixed_number_of_queries(client, people, report_data, django_assert_num_queries):
    client.force_login(people["manager"])

    # session, user, roles, totals, 4 groupings x (groups + medians), targets never back, the header's cart count;
    # the comparison period's totals and 4 groupings x (groups + medians).
    with django_assert_num_queries(23):
        response = client.get("/reports/relist-rate/", PERIOD_QUERY)

    assert response.status_code == 200


def test_the_pareto_page_runs_a_fixed_number_of_queries(client, people, report_data, django_assert_num_queries):
    client.force_login(people["manager"])

    # session, user, roles, cause categories, issue codes, overdue actions, the header's cart count;
    # the comparison period's cause categories and issue codes.
    with django_assert_num_queries(9):
        response = client.get("/reports/pareto/", PERIOD_QUERY)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="overdue-action"') == 6
    assert f'href="/work/reviews/{CorrectiveAction.objects.first().review_id}/"' in page


def test_the_relist_rate_json_has_the_same_numbers_in_a_fixed_number_of_queries(api_for, people, report_data, django_assert_num_queries):
    api = api_for(people["manager"])

    with django_assert_num_queries(13):
        body = api.get("/api/v1/reports/relist-rate/", PERIOD_QUERY).json()

    report = relist_rate_report(PERIOD)
    assert [(row["label"], row["pulled"], row["relisted"]) for row in body["by_supplier"]] == [
        (group.label, group.pulled, group.relisted) for group in report.by_supplier
    ]
    assert (body["products"]["pulled"], body["products"]["relisted"], body["products"]["rate"]) == (6, 3, "50.00")
    assert (body["partners"]["pulled"], body["partners"]["relisted"]) == (4, 0)
    assert len(body["never_back"]) == 3 + 4  # three products still off, four partners retired or still off


def test_the_pareto_json_runs_a_fixed_number_of_queries(api_for, people, report_data, django_assert_num_queries):
    api = api_for(people["manager"])

    with django_assert_num_queries(6):
        body = api.get("/api/v1/reports/pareto/", PERIOD_QUERY).json()

    assert [(bar["key"], bar["count"], bar["cumulative"]) for bar in body["cause_categories"]] == [("packaging", 6, "100.00")]
    assert len(body["overdue_actions"]) == 6


def test_a_period_ending_before_it_starts_is_refused(api_for, people):
    api = api_for(people["manager"])

    response = api.get("/api/v1/reports/pareto/", {"from": "2026-11-20", "to": "2026-11-01"})

    assert response.status_code == 400


def test_the_report_page_says_when_the_period_ends_before_it_starts(client, people):
    client.force_login(people["manager"])

    response = client.get("/reports/relist-rate/", {"from": "2026-11-20", "to": "2026-11-01"})

    assert response.status_code == 200
    assert "The period must end on or after the day it starts." in response.content.decode()


def test_the_report_page_shows_the_default_period_in_its_date_inputs(client, people):
    client.force_login(people["manager"])
    today = timezone.localdate()

    page = client.get("/reports/pareto/").content.decode()

    assert f'value="{today:%Y-%m-%d}"' in page
    assert f'value="{today - timedelta(days=89):%Y-%m-%d}"' in page


def test_a_report_page_with_a_day_out_of_range_explains_instead_of_failing(client, db):
    client.force_login(UserFactory(username="boss9", roles=["manager"]))

    response = client.get("/reports/relist-rate/", {"from": "0001-01-01"})

    assert (response.status_code, "1900" in response.content.decode()) == (200, True)
