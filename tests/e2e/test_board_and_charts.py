"""The board as the lamp for everything open (blockers, an overdue work order, a warning) and the
report charts with their counts, small samples and comparison period: screenshots at 1366 and 390 px,
both languages, axe (WCAG 2.1 AA) with no serious or critical violation."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone
from django.urls import reverse
from playwright.sync_api import expect

from andon.models import AndonPull, RootCauseReview, WorkOrder
from andon.pulls.services import pull_andon, warn_owners
from flywheel.factories import ProductFactory, SupplierFactory
from members.factories import UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
WIDTHS = {"wide": 1366, "phone": 390}


def _blocking(page) -> list[str]:
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}" for v in violations if v["impact"] in {"serious", "critical"}]


def _in_language(page, live_server, language: str) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])


@pytest.fixture
def floor(db):
    agent = UserFactory(username="agent", roles=["agent"])
    vendor_manager = UserFactory(username="vendor_manager", roles=["vendor_manager"])
    supplier = SupplierFactory(name="Hangzhou West Lake Paper Products Company", vendor_manager=vendor_manager)
    late = pull_andon(
        agent=agent, complaint=ComplaintFactory(product=ProductFactory(title="A Best-Selling Novel", supplier=supplier)),
        reason="Pages 100-101 uncut",
    ).pull
    late.work_orders.filter(kind=WorkOrder.Kind.WAREHOUSE).update(due_at=timezone.now() - timedelta(hours=3))
    reviewing = pull_andon(
        agent=agent, complaint=ComplaintFactory(product=ProductFactory(title="Jade Tea Set", supplier=supplier)), reason="Cracked lids",
    ).pull
    reviewing.work_orders.update(state=WorkOrder.State.CLOSED)
    warn_owners(agent=agent, complaint=ComplaintFactory(product=ProductFactory(title="Bamboo Steamer")), reason="Mould on one basket")
    return {"late": late, "reviewing": reviewing}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_board_shows_blockers_an_overdue_work_order_and_a_warning(page, live_server, floor, screenshot, sign_in, language):
    sign_in("agent")
    _in_language(page, live_server, language)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/andon/board/")

    late = page.locator(f'[data-testid="board-row"][data-pull="{floor["late"].pk}"]')
    expect(late.get_by_test_id("board-overdue")).to_have_count(1)
    expect(late.get_by_test_id("board-blocker")).to_have_count(2)
    reviewing = page.locator(f'[data-testid="board-row"][data-pull="{floor["reviewing"].pk}"]')
    expect(reviewing.locator('[data-testid="board-blocker"][data-kind="review"]')).to_have_count(1)
    expect(page.get_by_test_id("board-warning")).to_contain_text("Mould on one basket")
    expect(late.get_by_test_id("board-pull-link")).to_have_attribute("href", reverse("andon:pull", args=[floor["late"].pk]))
    screenshot(f"board-blockers-{language}-wide")
    assert _blocking(page) == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(f"board-blockers-{language}-phone")


def test_the_owner_sees_their_reviews_beside_their_work_orders(page, live_server, floor, screenshot, sign_in):
    RootCauseReview.objects.filter(pull=floor["late"]).update(opened_at=timezone.now() - timedelta(days=9))
    sign_in("vendor_manager")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/work/")

    expect(page.get_by_test_id("my-review")).to_have_count(2)
    expect(page.get_by_test_id("my-review-overdue")).to_have_count(1)
    screenshot("work-queue-my-reviews")
    assert _blocking(page) == []


def _pull(product, agent, *, day: date, back: bool) -> None:
    pulled_at = datetime(day.year, day.month, day.day, 10, tzinfo=timezone.get_current_timezone())
    AndonPull.objects.create(
        target_kind="product", target_key=f"product:{product.pk}", product=product,
        state=AndonPull.State.RESOLVED if back else AndonPull.State.OPEN, reason="Broken",
        issue_code=IssueCodeFactory(code="print-defect"), pulled_by=agent, pulled_at=pulled_at, rule_met=True,
        gmv_at_stake=Decimal("0.00"), relisted_at=pulled_at + timedelta(hours=5) if back else None,
    )


@pytest.fixture
def history(db):
    agent = UserFactory(username="agent", roles=["agent"])
    UserFactory(username="manager", roles=["manager"])
    today = timezone.localdate()
    big = SupplierFactory(name="Hangzhou West Lake Paper Products Company Limited")
    small = SupplierFactory(name="Ningbo Harbour Ceramics")
    for n in range(7):
        _pull(ProductFactory(supplier=big), agent, day=today - timedelta(days=3 + n), back=n < 4)
    for n in range(4):
        _pull(ProductFactory(supplier=big), agent, day=today - timedelta(days=100 + n), back=n < 1)
    _pull(ProductFactory(supplier=small), agent, day=today - timedelta(days=5), back=True)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_relist_chart_shows_counts_small_samples_and_the_comparison_period(page, live_server, history, screenshot, sign_in, language):
    sign_in("manager")
    _in_language(page, live_server, language)
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/reports/relist-rate/")
        expect(page.get_by_test_id("report-comparison")).to_be_visible()
        chart = page.get_by_test_id("relist-chart-supplier")
        expect(chart).to_be_visible()
        datasets = chart.evaluate("canvas => canvas.chart.data.datasets.map(d => d.label)")
        assert len(datasets) == 3  # this period, the comparison period, the small-sample legend entry
        expect(page.get_by_test_id("relist-supplier").get_by_test_id("small-sample")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(f"chart-relist-{language}-{name}")
    assert _blocking(page) == []


def test_the_pareto_chart_passes_axe_with_its_comparison(page, live_server, history, screenshot, sign_in):
    sign_in("manager")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/reports/pareto/")

    expect(page.get_by_test_id("pareto-chart-issues")).to_be_visible()
    screenshot("chart-pareto-en-wide")
    assert _blocking(page) == []
