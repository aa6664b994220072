"""The uncut-pages scenario: an agent files two complaints, sees the rule met, pulls with one line."""

import re
import time
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from andon.models import AndonPull
from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory
from flywheel.models import ListingState, Product
from members.factories import OrderFactory, UserFactory
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(db):
    book = ProductFactory(sku="BK-BEST", title="A Best-Selling Novel", price=Decimal("68.00"), stock=50)
    customers = [UserFactory(username=name, email=f"{name}@example.com") for name in ("wang.fang", "li.na")]
    for customer in customers:
        OrderFactory(customer=customer, lines=[(book, 1)])
    return {
        "book": book,
        "agent": UserFactory(username="agent", first_name="Xiao", last_name="Zhang", roles=["agent"]),
        "member": UserFactory(username="member"),
    }


def _file_complaint(page, live_server, username):
    page.goto(f"{live_server.url}/agent/complaints/new/")
    page.get_by_test_id("customer-q").fill(username)
    page.get_by_test_id("customer-q").press("Enter")
    page.get_by_test_id("customer-result").filter(has_text=username).click()
    page.get_by_test_id("order-lines").get_by_role("radio").first.check()
    page.get_by_label("Issue code").select_option(label="Print or manufacturing defect")
    page.get_by_label("What the customer says").fill("Pages 100-101 are uncut; the story jumps.")
    page.get_by_test_id("file-complaint").click()
    expect(page).to_have_url(re.compile(r"/agent/complaints/\d+/$"))


def test_an_agent_pulls_the_cord_in_two_clicks_and_one_line(page, browser, live_server, scene, screenshot, sign_in):
    sign_in("agent")
    _file_complaint(page, live_server, "wang.fang")
    expect(page.get_by_test_id("rule-status")).to_have_attribute("data-met", "false")
    _file_complaint(page, live_server, "li.na")

    panel = page.get_by_test_id("andon-panel")
    expect(panel.get_by_test_id("rule-status")).to_have_attribute("data-met", "true")
    expect(panel.get_by_test_id("rule-match")).to_have_count(2)
    screenshot("10-rule-met")

    clicks = 0
    panel.get_by_test_id("andon-button").click()
    clicks += 1
    reason = panel.get_by_test_id("andon-reason")
    expect(reason).to_be_focused()
    reason.fill("Pages 100-101 uncut")
    url_before = page.url
    panel.get_by_test_id("andon-submit").click()
    clicks += 1
    pulled_at = time.monotonic()

    expect(page.get_by_test_id("andon-result")).to_contain_text("off sale")
    screenshot("11-pulled")
    assert (clicks, page.url) == (2, url_before)  # no page reload, no confirmation, no approval

    # The storefront stopped selling inside the pull's own request: no worker, no cache to expire.
    assert Product.objects.get(pk=scene["book"].pk).listing_state == ListingState.UNDER_REVIEW
    pull = AndonPull.objects.get()
    assert (pull.rule_met, pull.reason, pull.supports.count()) == (True, "Pages 100-101 uncut", 1)

    member_page = browser.new_context().new_page()
    sign_in("member", of=member_page)
    member_page.goto(f"{live_server.url}/p/BK-BEST/")
    expect(member_page.get_by_test_id("unavailable")).to_contain_text("under review")
    expect(member_page.get_by_test_id("add-to-cart")).to_have_count(0)
    print(f"storefront checked {time.monotonic() - pulled_at:.2f}s after the pull click: unavailable")
    screenshot("12-member-sees-unavailable", of=member_page)


def test_the_board_shows_the_open_pull(page, live_server, scene, screenshot, sign_in):
    pull_andon(agent=scene["agent"], complaint=ComplaintFactory(product=scene["book"]), reason="Pages uncut")
    sign_in("agent")
    page.goto(f"{live_server.url}/andon/board/")

    row = page.get_by_test_id("board-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("A Best-Selling Novel")
    expect(row.get_by_test_id("board-complaints")).to_have_text("1")
    screenshot("13-board")
