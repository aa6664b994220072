"""A manager reads the Andon pages from the admin; the warehouse resolves a work order through the admin's action form."""

import pytest
from playwright.sync_api import expect

from andon.models import WorkOrder
from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory, SupplierFactory
from members.factories import UserFactory
from members.roles import grant_role_permissions
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pulled(db):
    staff = {
        role: UserFactory(username=role, roles=[role], is_staff=True)
        for role in ("agent", "manager", "warehouse", "vendor_manager")
    }
    # Browser tests flush the database between tests, role groups included: give them back their permissions.
    grant_role_permissions()
    book = ProductFactory(sku="BK-ADMIN", title="The Uncut Pages", stock=10, supplier=SupplierFactory(vendor_manager=staff["vendor_manager"]))
    return pull_andon(agent=staff["agent"], complaint=ComplaintFactory(product=book), reason="Pages uncut").pull


def test_a_manager_finds_the_reports_from_the_admin_front_page(page, live_server, pulled, screenshot, sign_in_to_admin):
    sign_in_to_admin("manager")

    expect(page.get_by_test_id("admin-andon-pages")).to_be_visible()
    screenshot("40-admin-front-page-manager")
    page.get_by_test_id("admin-relist-rate").click()

    expect(page).to_have_url(f"{live_server.url}/reports/relist-rate/")


def test_the_warehouse_resolves_its_work_order_through_the_admin_form(page, live_server, pulled, screenshot, sign_in_to_admin):
    warehouse_order = pulled.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE)
    sign_in_to_admin("warehouse")
    page.goto(f"{live_server.url}/admin/andon/workorder/")

    expect(page.locator("#result_list tbody tr")).to_have_count(1)  # the warehouse's own, not the supplier's
    page.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("start_selected")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("resolve_selected")
    page.locator("button[name=index]").click()
    expect(page.get_by_test_id("action-rows")).to_contain_text(f"WO-{warehouse_order.pk}")
    page.locator("select[name=outcome]").select_option("no_defect")
    page.locator("textarea[name=notes]").fill("Sampled 20 copies; all trimmed.")
    screenshot("41-admin-resolve-form")
    page.locator("input[name=apply]").click()

    expect(page.locator(".messagelist .success")).to_contain_text("Resolved 1 work order")
    warehouse_order.refresh_from_db()
    assert (warehouse_order.state, warehouse_order.outcome) == (WorkOrder.State.RESOLVED, "no_defect")
