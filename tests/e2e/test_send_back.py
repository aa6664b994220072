"""Quality sends a resolved work order back; the warehouse sees it, and why, in its own queue (both languages)."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from andon.models import WorkOrder
from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory, SupplierFactory
from members.factories import OrderFactory, UserFactory
from members.models import Order
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db(transaction=True)

REASON = {"en": "Only half of the cartons were opened", "zh-hans": "只开箱检查了一半的纸箱"}
SENT_BACK_BADGE = {"en": "Sent back", "zh-hans": "已退回"}


@pytest.fixture
def resolved_by_the_warehouse(db):
    vendor = UserFactory(username="vendor_manager", roles=["vendor_manager"])
    for username, role in (("warehouse", "warehouse"), ("quality", "quality"), ("agent", "agent")):
        UserFactory(username=username, roles=[role])
    book = ProductFactory(sku="BK-UNCUT", title="The Uncut Pages", stock=30, supplier=SupplierFactory(vendor_manager=vendor))
    OrderFactory(status=Order.Status.SHIPPED, lines=[(book, 1)], customer=UserFactory(username="early-reader"))
    agent = UserFactory._meta.model.objects.get(username="agent")
    pull = pull_andon(agent=agent, complaint=ComplaintFactory(product=book), reason="Pages 100-101 uncut").pull
    return pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE)


def _in_language(page, live_server, language: str) -> None:
    # Signing in brings back the profile's language: the cookie set afterwards is the one that counts.
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_quality_sends_a_work_order_back_and_the_warehouse_sees_why(
    page, live_server, resolved_by_the_warehouse, screenshot, sign_in, language
):
    warehouse_order = resolved_by_the_warehouse
    work_order_url = f"{live_server.url}/work/{warehouse_order.pk}/"
    sign_in("warehouse")
    _in_language(page, live_server, language)
    page.goto(work_order_url)
    page.get_by_test_id("wo-start").click()
    page.get_by_test_id("wo-outcome").select_option("no_defect")
    page.get_by_test_id("wo-resolve").click()
    expect(page.get_by_test_id("wo-state").first).to_have_attribute("data-state", "resolved")

    sign_in("quality")
    _in_language(page, live_server, language)
    page.goto(f"{live_server.url}/work/?tab=to_confirm")
    row = page.locator(f'[data-testid="wo-row"][data-work-order="{warehouse_order.pk}"]')
    expect(row.get_by_test_id("wo-quality-clock")).to_be_visible()
    screenshot(f"send-back-1-quality-queue-{language}")
    row.get_by_test_id("wo-link").click()
    page.get_by_test_id("wo-send-back-reason").fill(REASON[language])
    screenshot(f"send-back-2-quality-form-{language}")
    page.get_by_test_id("wo-send-back").click()
    expect(page.get_by_test_id("wo-state").first).to_have_attribute("data-state", "in_progress")
    assert WorkOrder.objects.get(pk=warehouse_order.pk).send_back_reason == REASON[language]

    sign_in("warehouse")
    _in_language(page, live_server, language)
    page.goto(f"{live_server.url}/work/")
    row = page.locator(f'[data-testid="wo-row"][data-work-order="{warehouse_order.pk}"]')
    expect(row.get_by_test_id("wo-row-sent-back")).to_have_text(SENT_BACK_BADGE[language])
    expect(row).to_have_attribute("data-state", "in_progress")
    screenshot(f"send-back-3-warehouse-queue-{language}")
    row.get_by_test_id("wo-link").click()
    expect(page.get_by_test_id("wo-sent-back-reason")).to_have_text(REASON[language])
    expect(page.get_by_test_id("wo-resolve-form")).to_be_visible()
    expect(page.get_by_test_id("held-order")).to_have_count(1)  # the complainant's order is still held
    screenshot(f"send-back-4-warehouse-work-order-{language}")
