"""Nothing runs past its card, and the staff header holds on one line, at a desktop and a phone width.

A card is a panel, the andon panel, a product card...: every visible element inside one must lie
within its box, and no element may hold text wider than itself (scrollWidth over clientWidth)
unless it says so (a scroll box, or an ellipsis). The pages are the demo store's, with long names.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from andon.demo import famous_complaint
from andon.models import WorkOrder
from flywheel.models import ListingState
from members.factories import DEMO_PASSWORD
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
        ],
        "member": [
            ("storefront-product", reverse("members:product", args=[off_sale.product.sku])),
            ("storefront-catalog", reverse("members:catalog")),
            ("address-book", reverse("members:addresses")),
        ],
    }
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
