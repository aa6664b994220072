"""From the console to the pull's page: an agent follows the cord's "open pull" link and reads the
timeline, in English and in Chinese; axe finds nothing serious on the page in either language."""

import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from andon.pulls.services import pull_andon
from andon.work_orders.models import WorkOrder
from andon.work_orders.services import start_work_order
from flywheel.factories import ProductFactory, SupplierFactory
from members.factories import UserFactory
from members.roles import grant_role_permissions
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


@pytest.fixture
def scene(db):
    warehouse = UserFactory(username="warehouse", roles=["warehouse"])
    book = ProductFactory(
        sku="BK-BEST", title="A Best-Selling Novel", price=Decimal("68.00"), stock=50,
        supplier=SupplierFactory(vendor_manager=UserFactory(username="vendor_manager", roles=["vendor_manager"])),
    )
    agent = UserFactory(username="agent", roles=["agent"])
    first = ComplaintFactory(product=book, text="Pages 100-101 are uncut.")
    pull = pull_andon(agent=agent, complaint=first, reason="Pages 100-101 uncut").pull
    start_work_order(work_order=pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE), actor=warehouse)
    later = ComplaintFactory(product=book, issue_code=first.issue_code, text="Same uncut pages.")
    return {"pull": pull, "later": later}


def _serious(page) -> list[str]:
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations if v["impact"] in {"serious", "critical"}]


def test_an_agent_opens_the_pull_from_the_console_and_reads_its_timeline(page, live_server, scene, sign_in, screenshot):
    pull = scene["pull"]
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in("agent")
    page.goto(f"{live_server.url}/agent/complaints/{scene['later'].pk}/")

    page.get_by_test_id("open-pull-link").click()

    expect(page).to_have_url(re.compile(rf"/andon/pulls/{pull.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Pull #{pull.pk}")
    timeline = page.get_by_test_id("pull-timeline")
    expect(timeline.get_by_test_id("pull-event").first).to_contain_text("pulled the cord")
    expect(timeline).to_contain_text("by warehouse")
    expect(page.get_by_test_id("pull-holder")).to_have_count(2)
    screenshot("pull-page-en")
    assert _serious(page) == []

    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": live_server.url}])
    page.reload()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(timeline.get_by_test_id("pull-event").first).to_contain_text("拉下安灯")
    expect(page.get_by_test_id("pull-holding-up")).to_contain_text("卡在哪里")
    screenshot("pull-page-zh")
    assert _serious(page) == []


def test_the_pull_page_fits_a_phone(page, live_server, scene, sign_in, screenshot):
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in("agent")
    page.goto(f"{live_server.url}/andon/pulls/{scene['pull'].pk}/")

    screenshot("pull-page-390")

    assert page.evaluate("document.documentElement.scrollWidth") <= 391  # the tables scroll inside their cards


def test_a_manager_reads_the_pull_in_the_admin_and_goes_to_its_page(page, live_server, scene, sign_in_to_admin, screenshot):
    UserFactory(username="manager", roles=["manager"], is_staff=True)
    grant_role_permissions()  # browser tests flush the role groups' permissions with the database
    pull = scene["pull"]
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in_to_admin("manager")
    page.goto(f"{live_server.url}/admin/andon/andonpull/{pull.pk}/change/")

    expect(page.locator(".field-target_link")).to_contain_text("A Best-Selling Novel")
    expect(page.get_by_test_id("rule-snapshot")).to_be_visible()
    screenshot("pull-admin-change-page")
    page.get_by_role("link", name="View on site").click()

    expect(page).to_have_url(re.compile(rf"/andon/pulls/{pull.pk}/$"))
