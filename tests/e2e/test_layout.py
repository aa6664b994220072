"""Nothing runs past its card, and the staff header holds on one line, at a desktop and a phone width.

A card is a panel, the andon panel, a product card...: every visible element inside one must lie
within its box, and no element may hold text wider than itself (scrollWidth over clientWidth)
unless it says so (a scroll box, or an ellipsis). The pages are the demo store's, with long names.
"""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from andon.demo import famous_complaint
from andon.models import WorkOrder
from flywheel.models import ListingState
from members.factories import DEMO_PASSWORD
from tickets.compensation.services import ask_for_approval
from tickets.models import Complaint

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_DEMO = {"products": 40, "orders": 60, "customers": 8}
CARDS = ".panel, .andon-panel, .product-card, .cart-line, .grant-form, .wo-point, .order-row-link, .notification, .buy-form"

# For each card, the elements that stick out of it (or of their own box), described for the failure message.
OVERFLOWS = """(cards) => {
  const seen = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  const clipsOnPurpose = (el) => { const s = getComputedStyle(el); return ['auto', 'scroll'].includes(s.overflowX) || s.textOverflow === 'ellipsis'; };
  const hidden = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width === 0 || r.height === 0 || s.visibility === 'hidden' || el.closest('.visually-hidden, [hidden], details:not([open]) > :not(summary)'); };
  for (const card of document.querySelectorAll(cards)) {
    if (hidden(card)) continue;
    if (clipsOnPurpose(card)) continue;  // a scroll box (a wide table on a phone) scrolls on purpose
    const box = card.getBoundingClientRect();
    if (card.scrollWidth > card.clientWidth + 1) seen.push(describe(card) + ' is wider inside than outside');
    for (const el of card.querySelectorAll('*')) {
      if (hidden(el)) continue;
      let scrolled = false;
      for (let p = el.parentElement; p && p !== card; p = p.parentElement) { if (clipsOnPurpose(p)) { scrolled = true; break; } }
      if (scrolled) continue;
      const r = el.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1) seen.push(describe(el) + ' runs past ' + describe(card));
      else if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && !clipsOnPurpose(el)) seen.push(describe(el) + ' is wider than itself');
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) seen.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + 'px');
  return seen;
}"""

# The header's parts (brand, search, account links) stand on one line, and so do the account links themselves.
HEADER_LINES = """() => {
  const tops = (els) => new Set([...els].filter(el => el.getBoundingClientRect().height > 0).map(el => Math.round(el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2)));
  const row = document.querySelector('.header-row');
  const nav = document.querySelector('.account-nav');
  return {row: tops(row.children).size, links: tops(nav.children).size, height: Math.round(row.getBoundingClientRect().height)};
}"""


def _sign_in(browser, live_server, username, width):
    page = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


@pytest.mark.parametrize("width", [1366, 390])
def test_no_element_runs_past_its_card_on_the_console_work_order_and_product_pages(browser, live_server, width):
    call_command("demo", stdout=StringIO(), **SMALL_DEMO)
    off_sale = Complaint.objects.filter(product__listing_state=ListingState.UNDER_REVIEW).order_by("-pk").first()
    work_order = WorkOrder.objects.filter(kind=WorkOrder.Kind.SUPPLIER).order_by("-pk").first()
    answered = Complaint.objects.filter(customer__username="member", messages__kind="reply").order_by("-pk").first()
    awaiting_quality = WorkOrder.objects.filter(state=WorkOrder.State.RESOLVED).order_by("-pk").first()
    warehouse_order = WorkOrder.objects.filter(kind=WorkOrder.Kind.WAREHOUSE).order_by("-pk").first()
    pages = {
        "agent": [
            ("console-queue", reverse("tickets:queue")),
            ("complaint-product-off-sale", reverse("tickets:complaint", args=[off_sale.pk])),
            ("complaint-product-on-sale", reverse("tickets:complaint", args=[famous_complaint().pk])),
            ("console-product", reverse("tickets:product", args=[off_sale.product.sku])),
        ],
        "vendor_manager": [
            ("work-order-queue", reverse("work:queue")),
            ("work-order", reverse("work:work-order", args=[work_order.pk])),
            ("pull-page", reverse("andon:pull", args=[work_order.pull_id])),
            ("notification-preferences-staff", reverse("members:notification-preferences")),
        ],
        "member": [
            ("storefront-product", reverse("members:product", args=[off_sale.product.sku])),
            ("notifications", reverse("members:notifications")),
            ("notification-preferences", reverse("members:notification-preferences")),
            ("my-reports", reverse("selfservice:reports")),
            ("my-report", reverse("selfservice:report", args=[answered.pk])),
            ("storefront-catalog", reverse("members:catalog")),
            ("address-book", reverse("members:addresses")),
        ],
        "manager": [
            ("compensation-approvals", reverse("tickets:approvals")),
            ("report-relist-rate", reverse("reports:relist-rate")),
            ("report-pareto", reverse("reports:pareto")),
        ],
        "quality": [
            ("work-order-to-confirm-queue", reverse("work:queue") + "?tab=to_confirm"),
            ("work-order-send-back", reverse("work:work-order", args=[awaiting_quality.pk])),
        ],
        "warehouse": [("work-order-follow-up", reverse("work:work-order", args=[warehouse_order.pk]))],
    }
    ask_for_approval(
        complaint=famous_complaint(), agent=get_user_model().objects.get(username="agent"), kind="coupon",
        amount=Decimal("400"), note="A second defect this month: the customer asks for a gesture",
    )
    found = {}
    for username, visits in pages.items():
        page = _sign_in(browser, live_server, username, width)
        for name, path in visits:
            page.goto(f"{live_server.url}{path}")
            page.screenshot(path=str(SCREENSHOTS / f"layout-{width}-{name}.png"), full_page=True)
            if overflows := page.evaluate(OVERFLOWS, CARDS):
                found[name] = overflows[:8]
        page.context.close()

    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("username", ["agent", "manager", "vendor_manager", "admin"])
def test_the_english_staff_header_holds_on_one_line_at_1366_pixels(browser, live_server, username):
    call_command("demo", stdout=StringIO(), **SMALL_DEMO)
    page = _sign_in(browser, live_server, username, 1366)
    page.goto(f"{live_server.url}{reverse('tickets:queue' if username in ('agent', 'manager') else 'work:queue')}")
    page.screenshot(path=str(SCREENSHOTS / f"layout-header-1366-{username}.png"))

    lines = page.evaluate(HEADER_LINES)

    assert (lines["row"], lines["links"]) == (1, 1), lines


# The admin wraps a changelist's table in a scroll box: a list wider than the screen scrolls sideways there.
CHANGELIST_WIDTHS = """() => {
  const box = document.querySelector('#changelist .results');
  return {box: box ? box.clientWidth : 0, table: box ? box.scrollWidth : 0, page: document.documentElement.scrollWidth, window: window.innerWidth};
}"""


@pytest.mark.parametrize("changelist", ["admin:andon_andonpull_changelist", "admin:andon_workorder_changelist"])
def test_the_pull_and_work_order_admin_lists_fit_1366_pixels_without_scrolling_sideways(browser, live_server, changelist):
    call_command("demo", stdout=StringIO(), **SMALL_DEMO)
    page = _sign_in(browser, live_server, "admin", 1366)
    page.goto(f"{live_server.url}{reverse(changelist)}")
    page.screenshot(path=str(SCREENSHOTS / f"layout-1366-{changelist.split(':')[1]}.png"), full_page=True)

    widths = page.evaluate(CHANGELIST_WIDTHS)

    assert widths["box"] > 0 and widths["table"] <= widths["box"] + 1 and widths["page"] <= widths["window"] + 1, widths


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_weekly_report_fits_1366_pixels_with_its_table_scrolling_in_its_own_box(browser, live_server, language):
    call_command("demo", stdout=StringIO(), **SMALL_DEMO)
    page = _sign_in(browser, live_server, "executive", 1366)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}{reverse('admin:andon_weekly_report')}")
    assert page.locator("html").get_attribute("lang") == language
    page.screenshot(path=str(SCREENSHOTS / f"layout-1366-weekly-report-{language}.png"), full_page=True)

    overflows = page.evaluate(OVERFLOWS, "#header, #content-main, .front-line-section")
    edges = page.evaluate("""() => ({
      header: Math.round(document.querySelector('#header').getBoundingClientRect().right),
      table: Math.round(document.querySelector('[data-testid="weekly-table-wrap"]').getBoundingClientRect().right),
    })""")
    wrap = page.get_by_test_id("weekly-table-wrap")
    wrap.focus()

    assert overflows == [], overflows
    assert edges["table"] <= edges["header"] <= 1366, edges
    expect(wrap).to_be_focused()
    expect(wrap).to_have_accessible_name(re.compile(r"\S"))
