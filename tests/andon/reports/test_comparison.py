"""The report pages compare two periods and say how many each bar is drawn from (small samples marked)."""

import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from andon.models import AndonPull
from andon.reports.selectors import Period
from flywheel.factories import ProductFactory, SupplierFactory
from tickets.factories import IssueCodeFactory

pytestmark = pytest.mark.django_db

THIS = {"from": "2026-10-01", "to": "2026-10-31"}


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=timezone.get_current_timezone())


def _pull(product, agent, *, day: date, back: bool, code: str = "print-defect") -> AndonPull:
    pulled_at = at(day)
    return AndonPull.objects.create(
        target_kind="product", target_key=f"product:{product.pk}", product=product,
        state=AndonPull.State.RESOLVED if back else AndonPull.State.OPEN, reason="Broken",
        issue_code=IssueCodeFactory(code=code), pulled_by=agent, pulled_at=pulled_at, rule_met=True,
        gmv_at_stake=Decimal("0.00"), relisted_at=pulled_at + timedelta(hours=3) if back else None,
    )


@pytest.fixture
def two_periods(people):
    """Acme: 6 pulls in October (3 back), 1 in September (back); Binder: 1 pull in October (back)."""
    acme, binder = SupplierFactory(name="Acme Paper"), SupplierFactory(name="Binder & Sons Fine Bookbinding Company")
    for n in range(6):
        _pull(ProductFactory(supplier=acme), people["agent"], day=date(2026, 10, 2 + n), back=n < 3)
    _pull(ProductFactory(supplier=acme), people["agent"], day=date(2026, 9, 15), back=True)
    _pull(ProductFactory(supplier=binder), people["agent"], day=date(2026, 10, 20), back=True)


def _page(client, people, path: str, query: dict) -> str:
    client.force_login(people["manager"])
    return client.get(path, query).content.decode()


def _row(page: str, key_text: str) -> str:
    return re.search(r'<tr data-testid="relist-row"[^>]*>(?:(?!</tr>).)*' + re.escape(key_text) + r"(?:(?!</tr>).)*</tr>", page, re.S).group(0)


def test_the_previous_period_of_october_is_the_31_days_before_it():
    assert Period(start=date(2026, 10, 1), end=date(2026, 10, 31)).previous() == Period(start=date(2026, 8, 31), end=date(2026, 9, 30))


def test_the_relist_page_compares_with_the_previous_period_by_default(client, people, two_periods):
    page = _page(client, people, "/reports/relist-rate/", THIS)

    assert "Compared with" in page and 'data-testid="report-comparison"' in page
    assert "50.00% (3 of 6)" in _row(page, "Acme Paper")
    assert "100.00% (1 of 1)" in _row(page, "Acme Paper").split('data-testid="relist-before"')[1]


def test_the_relist_page_compares_with_the_period_the_reader_chooses(client, people, two_periods):
    page = _page(client, people, "/reports/relist-rate/", THIS | {"compare_from": "2026-10-01", "compare_to": "2026-10-31"})

    assert "50.00% (3 of 6)" in _row(page, "Acme Paper").split('data-testid="relist-before"')[1]


def test_a_group_of_one_pull_is_marked_a_small_sample_and_a_group_of_six_is_not(client, people, two_periods, settings):
    settings.REPORT_SMALL_SAMPLE = 5

    page = _page(client, people, "/reports/relist-rate/", THIS)

    assert 'data-testid="small-sample"' in _row(page, "Binder &amp; Sons")
    assert 'data-testid="small-sample"' not in _row(page, "Acme Paper")


def test_the_chart_data_carries_the_counts_and_the_small_sample_flag(client, people, two_periods, settings):
    settings.REPORT_SMALL_SAMPLE = 5

    page = _page(client, people, "/reports/relist-rate/", THIS)

    data = json.loads(re.search(r'<script id="relist-data-supplier" type="application/json">(.*?)</script>', page, re.S).group(1))
    by_label = {row["label"]: row for row in data}
    assert (by_label["Acme Paper"]["relisted"], by_label["Acme Paper"]["pulled"], by_label["Acme Paper"]["small"]) == (3, 6, False)
    assert (by_label["Acme Paper"]["before_relisted"], by_label["Acme Paper"]["before_pulled"]) == (1, 1)
    assert by_label["Binder & Sons Fine Bookbinding Company"]["small"] is True


def test_a_comparison_period_with_one_day_missing_is_refused_with_a_message(client, people, two_periods):
    client.force_login(people["manager"])

    response = client.get("/reports/relist-rate/", THIS | {"compare_from": "2026-09-01"})

    assert response.status_code == 200
    assert "Give the comparison period both a first and a last day" in response.content.decode()


def test_the_pareto_page_shows_the_comparison_periods_count_of_each_issue(client, people, two_periods):
    page = _page(client, people, "/reports/pareto/", THIS)

    before = re.search(r'<td class="number" data-testid="pareto-before">(.*?)</td>', page, re.S).group(1)
    assert "100.00% (1 of 1)" in before
