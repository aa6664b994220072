"""The back office fixes the cause: vendor manager and warehouse resolve, quality confirms, the product returns."""

import pytest
from playwright.sync_api import expect

from andon.models import AndonPull, WorkOrder
from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory, SupplierFactory
from flywheel.models import ListingState, Product
from members.factories import UserFactory
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pulled(db):
    vendor = UserFactory(username="vendor_manager", roles=["vendor_manager"])
    for username, role in (("warehouse", "warehouse"), ("quality", "quality"), ("agent", "agent")):
        UserFactory(username=username, roles=[role])
    UserFactory(username="member")
    book = ProductFactory(sku="BK-UNCUT", title="The Uncut Pages", stock=30, supplier=SupplierFactory(vendor_manager=vendor))
    complaints = [ComplaintFactory(product=book) for _ in range(2)]
    agent = UserFactory._meta.model.objects.get(username="agent")
    pull = pull_andon(agent=agent, complaint=complaints[0], reason="Pages 100-101 uncut").pull
    pull_andon(agent=agent, complaint=complaints[1], reason="Same defect")
    return {"book": book, "pull": pull}


def _open_work_order(page, live_server, kind):
    page.goto(f"{live_server.url}/work/")
    page.locator(f'[data-testid="wo-row"][data-kind="{kind}"]').get_by_test_id("wo-link").click()


def test_the_product_returns_when_quality_confirms_the_last_work_order(page, live_server, pulled, screenshot, sign_in):
    sign_in("vendor_manager")
    _open_work_order(page, live_server, "supplier")
    page.get_by_test_id("wo-start").click()
    for answer in page.get_by_test_id("supplier-point").all():
        answer.get_by_test_id("supplier-answer").fill("The binding machine skipped a cut on this batch.")
        answer.get_by_test_id("supplier-answer-submit").click()
        expect(answer.get_by_test_id("supplier-answer-submit")).to_be_enabled()
    expect(page.get_by_test_id("supplier-answers")).to_have_attribute("data-unanswered", "0")
    page.get_by_test_id("wo-outcome").select_option("units_fixed")
    page.get_by_test_id("wo-notes").fill("Supplier re-cut the affected copies.")
    page.get_by_test_id("wo-resolve").click()
    expect(page.get_by_test_id("wo-state").first).to_have_attribute("data-state", "resolved")
    screenshot("20-supplier-resolved")

    sign_in("warehouse")
    _open_work_order(page, live_server, "warehouse")
    expect(page.get_by_test_id("held-order")).to_have_count(2)  # the two complaining customers' paid orders
    page.get_by_test_id("wo-start").click()
    page.get_by_test_id("wo-outcome").select_option("no_defect")
    page.get_by_test_id("wo-resolve").click()
    expect(page.get_by_test_id("wo-state").first).to_have_attribute("data-state", "resolved")
    screenshot("21-warehouse-resolved")

    sign_in("member")
    page.goto(f"{live_server.url}/p/BK-UNCUT/")
    expect(page.get_by_test_id("unavailable")).to_be_visible()  # resolved is not enough: still off sale

    sign_in("quality")
    page.goto(f"{live_server.url}/work/?tab=to_confirm")
    rows = page.get_by_test_id("wo-row")
    expect(rows).to_have_count(2)
    screenshot("22-quality-to-confirm")
    rows.first.get_by_test_id("wo-confirm").click()
    expect(page.get_by_test_id("wo-row")).to_have_count(1)
    assert Product.objects.get(pk=pulled["book"].pk).listing_state == ListingState.UNDER_REVIEW
    page.get_by_test_id("wo-row").get_by_test_id("wo-confirm").click()
    expect(page.get_by_test_id("wo-queue-empty")).to_be_visible()

    assert set(WorkOrder.objects.values_list("state", flat=True)) == {"closed"}
    assert AndonPull.objects.get().relisted_at is not None
    sign_in("member")
    page.goto(f"{live_server.url}/p/BK-UNCUT/")
    expect(page.get_by_test_id("add-to-cart")).to_be_visible()
    expect(page.get_by_test_id("unavailable")).to_have_count(0)
    screenshot("23-back-on-sale")
