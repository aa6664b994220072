"""A week at the front line, in the browser: the queue shows what is on a pull and whose each complaint
is, "assign to me" takes one click, the refund is prefilled within the agent's room today, and
"ask a manager" reaches the manager's approvals page. In English and Chinese, with axe on each page."""

from datetime import date
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory
from members.factories import DEMO_PASSWORD, OrderFactory, UserFactory
from members.teams.services import add_member, create_team
from tickets.factories import ComplaintFactory, IssueCodeFactory

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en", "zh-hans"]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


@pytest.fixture
def scene(db, settings):
    settings.COMPENSATION_LIMIT_PER_AGENT_PER_DAY = Decimal("30")
    agent = UserFactory(username="agent", first_name="Xiao", last_name="Zhang", roles=["agent"])
    manager = UserFactory(username="boss", first_name="Wang", last_name="Li", roles=["manager"])
    team = create_team(name="East Coast", name_zh="东岸", code="east", manager=manager, actor=manager)
    add_member(team=team, user=agent, started_on=date(2020, 1, 1), actor=manager)
    book = ProductFactory(sku="BK-UNCUT", title="The Uncut Pages", price=Decimal("68.00"), stock=50)
    kettle = ProductFactory(sku="KT-01", title="Enamel Kettle", price=Decimal("120.00"), stock=20)
    code = IssueCodeFactory(code="print-defect")
    pulled = [ComplaintFactory(product=book, issue_code=code) for _ in range(2)]
    pull = pull_andon(agent=agent, complaint=pulled[0], reason="Pages 100-101 uncut").pull
    customer = UserFactory(username="chen.yu")
    OrderFactory(customer=customer, lines=[(kettle, 1)])
    loose = ComplaintFactory(product=kettle, customer=customer, text="The enamel chipped on the first boil.")
    return {"agent": agent, "manager": manager, "pull": pull, "pulled": pulled, "loose": loose}


def _tab(browser, live_server, username: str, language: str):
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("sign-out")).to_be_visible()
    # Signing in brings back the profile's language: the cookie set afterwards is the one that counts.
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    return page


def _no_serious_axe_violation(page) -> list[str]:
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations if v["impact"] in {"serious", "critical"}]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_queue_shows_the_pull_and_assign_to_me_takes_one_click(browser, live_server, scene, screenshot, language):
    page = _tab(browser, live_server, "agent", language)
    page.goto(f"{live_server.url}/agent/")

    on_pull = page.locator(f'[data-testid="queue-row"][data-complaint="{scene["pulled"][0].pk}"]').get_by_test_id("on-pull")
    expect(on_pull).to_have_attribute("data-pull", str(scene["pull"].pk))
    expect(on_pull).to_contain_text(f"#{scene['pull'].pk}")
    loose = page.locator(f'[data-testid="queue-row"][data-complaint="{scene["loose"].pk}"]')
    expect(loose.get_by_test_id("no-reply-yet")).to_be_visible()
    assert _no_serious_axe_violation(page) == []
    screenshot(f"console-queue-on-pull-{language}", of=page)

    loose.get_by_test_id("assign-to-me").click()

    expect(page.get_by_test_id("messages")).to_contain_text(f"#{scene['loose'].pk}")
    expect(loose.get_by_test_id("assign-to-me")).to_have_count(0)
    page.locator("select[name=assigned]").select_option("mine")
    page.get_by_test_id("queue-filters").locator("button[type=submit]").click()
    expect(page.get_by_test_id("queue-row")).to_have_count(1)
    screenshot(f"console-queue-mine-{language}", of=page)

    page.goto(f"{live_server.url}/agent/")
    page.locator(f'[data-complaint="{scene["pulled"][0].pk}"]').get_by_test_id("on-pull").click()
    page.wait_for_url(f"**/andon/pulls/{scene['pull'].pk}/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_refund_is_prefilled_within_today_and_a_manager_approves_the_rest(browser, live_server, scene, screenshot, language):
    page = _tab(browser, live_server, "agent", language)
    page.goto(f"{live_server.url}/agent/complaints/{scene['loose'].pk}/")

    refund = page.locator("#refund-amount")
    expect(refund).to_have_value("30.00")
    assert _no_serious_axe_violation(page) == []
    screenshot(f"console-refund-prefilled-{language}", of=page)

    refund.fill("60.00")
    page.get_by_test_id("ask-manager-refund").click()  # one click: the request is on its way
    expect(page.get_by_test_id("approval-request")).to_have_attribute("data-state", "pending")
    screenshot(f"console-approval-asked-{language}", of=page)

    boss = _tab(browser, live_server, "boss", language)
    boss.goto(f"{live_server.url}/notifications/")
    boss.get_by_test_id("notification-open").first.click()
    expect(boss.get_by_test_id("approval")).to_have_count(1)
    assert _no_serious_axe_violation(boss) == []
    screenshot(f"console-approvals-{language}", of=boss)
    boss.get_by_test_id("approve").click()
    expect(boss.get_by_test_id("approvals-empty")).to_be_visible()

    page.reload()
    expect(page.get_by_test_id("approval-request")).to_have_attribute("data-state", "approved")
    expect(page.get_by_test_id("grant-row")).to_have_count(1)
    # The approved grant used none of the agent's room today.
    expect(page.get_by_test_id("left-today")).to_have_attribute("data-left", "30.00")
