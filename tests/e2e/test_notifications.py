"""The inbox follows the reader's language, and each user chooses what also comes by e-mail (axe on both pages)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from members.factories import UserFactory
from members.models import NotificationPreference
from members.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


def _serious(page) -> list[str]:
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations if v["impact"] in {"serious", "critical"}]


def _switch_to(page, code: str) -> None:
    page.locator("#language-select").select_option(code)
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_a_notification_sent_in_english_reads_in_chinese_after_switching(page, live_server, sign_in, screenshot):
    member = UserFactory(username="member", email="member@andon.example")
    notify(recipients=[member], key="order-held:1", kind="order-held", params={"number": "A-1001", "reason": "A quality check."})
    sign_in("member")

    page.goto(f"{live_server.url}{reverse('members:notifications')}")
    expect(page.get_by_test_id("notification")).to_contain_text("Your order A-1001 is on hold")
    screenshot("60-inbox-en")
    assert _serious(page) == []

    _switch_to(page, "zh-hans")
    page.goto(f"{live_server.url}{reverse('members:notifications')}")
    expect(page.get_by_test_id("notification")).to_contain_text("A-1001")
    expect(page.get_by_test_id("notification")).not_to_contain_text("is on hold")
    screenshot("61-inbox-zh")
    assert _serious(page) == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_staff_keep_a_kind_in_the_app_only(page, live_server, sign_in, screenshot, language):
    manager = UserFactory(username="manager", roles=["manager"], email="manager@andon.example")
    sign_in("manager")
    if language != "en":
        _switch_to(page, language)

    page.goto(f"{live_server.url}{reverse('members:notifications')}")
    page.get_by_test_id("preferences-link").click()
    expect(page.locator("fieldset[data-kind=pull-opened]")).to_be_visible()
    expect(page.get_by_test_id("always-by-email")).to_be_visible()
    assert _serious(page) == []
    screenshot(f"62-preferences-{language}")

    page.locator("fieldset[data-kind=weekly-report] input[value=app]").check()
    page.get_by_test_id("save-preferences").click()

    expect(page.locator("fieldset[data-kind=weekly-report] input[value=app]")).to_be_checked()
    screenshot(f"63-preferences-saved-{language}")
    assert list(NotificationPreference.objects.filter(user=manager).values_list("kind", "by_email")) == [("weekly-report", False)]


def test_a_customer_reads_that_order_notices_always_come_by_email(page, live_server, sign_in, screenshot):
    UserFactory(username="member")
    sign_in("member")
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}{reverse('members:notification-preferences')}")

    # Order confirmed, held, released, refunded, and the follow-up about a product they received.
    expect(page.get_by_test_id("always-kind")).to_have_count(5)
    # What a customer may switch: replies to their reports, compensation decisions, back in stock.
    expect(page.locator('[data-testid="preference"][data-kind="complaint-reply"]')).to_be_visible()
    expect(page.get_by_test_id("nothing-to-choose")).to_have_count(0)
    screenshot("64-preferences-customer-390")
    assert _serious(page) == []
