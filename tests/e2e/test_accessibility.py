"""Every page each role uses passes axe-core (WCAG 2.1 A and AA) with no serious or critical violation.

One browser, one sign-in per role and language, the demo store as data. axe-core comes bundled in
`axe-playwright-python` (no network at run time). Each page's results are written to
test-artifacts/axe/<language>.json, and a screenshot of each page to test-artifacts/screenshots/,
so a failure names the page, the rule and the elements.
"""

import json
from decimal import Decimal
from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from andon.demo import famous_complaint
from andon.models import RootCauseReview, WorkOrder
from flywheel.models import ListingState, Product
from members.factories import DEMO_PASSWORD
from members.models import Order
from tickets.models import Complaint
from tickets.compensation.services import ask_for_approval

from .conftest import ARTIFACTS, SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_DEMO = {"products": 40, "orders": 60, "customers": 8}
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
BLOCKING = {"serious", "critical"}


def _pages() -> tuple[list[tuple[str | None, str, str]], Product]:
    """(role, page name, path) for the pages each role uses every day, built from the demo store, and a product to buy."""
    complaint = famous_complaint()
    work_order = WorkOrder.objects.filter(kind=WorkOrder.Kind.WAREHOUSE).order_by("-pk").first()
    review = RootCauseReview.objects.order_by("-pk").first()
    awaiting_quality = WorkOrder.objects.filter(state=WorkOrder.State.RESOLVED).order_by("-pk").first()
    product = (
        Product.objects.filter(listing_state=ListingState.LISTED, lots__blocked=False, lots__quantity_on_hand__gt=5)
        .order_by("pk")
        .first()
    )
    order = Order.objects.filter(customer__username="member").order_by("-pk").first()
    answered = Complaint.objects.filter(customer__username="member", messages__kind="reply").order_by("-pk").first()
    _waiting_approval(complaint)
    off_sale = Product.objects.filter(listing_state=ListingState.UNDER_REVIEW).order_by("pk").first()
    return [
        (None, "sign-in", reverse("members:login")),
        ("member", "storefront-home", reverse("members:catalog")),
        ("member", "product", reverse("members:product", args=[product.sku])),
        ("member", "cart", reverse("members:cart")),
        ("member", "checkout", reverse("members:checkout")),
        ("member", "order", reverse("members:order-detail", args=[order.number])),
        ("member", "notifications", reverse("members:notifications")),
        ("member", "notification-preferences", reverse("members:notification-preferences")),
        ("member", "partners", reverse("members:partners")),
        ("member", "my-reports", reverse("selfservice:reports")),
        ("member", "my-report", reverse("selfservice:report", args=[answered.pk])),
        ("member", "order-with-reply", reverse("members:order-detail", args=[answered.order_line.order.number])),
        ("member", "product-back-in-stock-request", reverse("members:product", args=[off_sale.sku])),
        ("member", "address-book", reverse("members:addresses")),
        ("agent", "console-queue", reverse("tickets:queue")),
        ("agent", "complaint-with-andon-panel", reverse("tickets:complaint", args=[complaint.pk])),
        ("agent", "console-product", reverse("tickets:product", args=[complaint.product.sku])),
        ("agent", "board", reverse("andon:board")),
        ("agent", "pull-page", reverse("andon:pull", args=[work_order.pull_id])),
        ("warehouse", "work-order-queue", reverse("work:queue")),
        ("warehouse", "work-order", reverse("work:work-order", args=[work_order.pk])),
        ("quality", "work-order-to-confirm-queue", reverse("work:queue") + "?tab=to_confirm"),
        ("quality", "work-order-send-back", reverse("work:work-order", args=[awaiting_quality.pk])),
        ("manager", "review", reverse("work:review", args=[review.pk])),
        ("manager", "compensation-approvals", reverse("tickets:approvals")),
        ("manager", "report-relist-rate", reverse("reports:relist-rate")),
        ("manager", "report-pareto", reverse("reports:pareto")),
        ("manager", "notification-preferences-staff", reverse("members:notification-preferences")),
        ("executive", "admin-weekly-report", reverse("admin:andon_weekly_report")),
        ("admin", "admin-index", reverse("admin:index")),
        ("admin", "admin-changelist", reverse("admin:andon_workorder_changelist")),
        ("admin", "admin-changeform", reverse("admin:andon_workorder_change", args=[work_order.pk])),
    ], product


def _waiting_approval(complaint) -> None:
    """A coupon above the demo agent's daily limit, asked of their team manager (`manager`)."""
    agent = get_user_model().objects.get(username="agent")
    ask_for_approval(complaint=complaint, agent=agent, kind="coupon", amount=Decimal("400"), note="Second defect this month")


def _signed_in_page(browser, live_server, username, language):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    if username:
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("sign-out")).to_be_visible()
    # Signing in brings back the profile's language: the cookie set afterwards is the one that counts.
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    return page


def _blocking(violations: list[dict]) -> list[str]:
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:5]}"
        for violation in violations
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_page_a_role_uses_has_a_serious_or_critical_axe_violation(browser, live_server, language):
    call_command("demo", stdout=StringIO(), **SMALL_DEMO)
    pages, product = _pages()
    axe = Axe()
    tabs = {}
    found, summary = {}, {}
    for role, name, path in pages:
        if role not in tabs:
            tabs[role] = _signed_in_page(browser, live_server, role, language)
            if role == "member":  # the cart and the checkout need something in the cart
                tabs[role].goto(f"{live_server.url}{reverse('members:product', args=[product.sku])}")
                tabs[role].get_by_test_id("add-to-cart").click()
        page = tabs[role]
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (name, response.status)
        assert page.locator("html").get_attribute("lang") == language, name
        page.screenshot(path=str(SCREENSHOTS / f"axe-{language}-{name}.png"), full_page=True)
        violations = axe.run(page, options=WCAG_21_AA).response["violations"]
        summary[name] = {
            v["id"]: {"impact": v["impact"], "nodes": [(n["target"], (n["any"] or [{}])[0].get("data")) for n in v["nodes"]]}
            for v in violations
        }
        if blocking := _blocking(violations):
            found[name] = blocking
    (ARTIFACTS / "axe").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe" / f"{language}.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))

    assert found == {}
