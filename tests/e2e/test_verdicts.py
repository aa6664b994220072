"""A manager gives verdicts in the admin: the queue filtered to awaiting verdict, the bad-pull form, the verdict page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from andon.pulls.models import AndonPull, Verdict
from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory, SupplierFactory
from flywheel.models import ListingState, Product
from members.factories import UserFactory
from members.models import Team, TeamMembership
from members.roles import grant_role_permissions
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team_pulls(db):
    """Two pulls by an agent of the manager's team, awaiting a verdict."""
    staff = {role: UserFactory(username=role, roles=[role], is_staff=True) for role in ("agent", "manager", "vendor_manager")}
    grant_role_permissions()  # browser tests flush the database, role groups' permissions included
    team = Team.objects.create(name="East Coast", name_zh="华东组", code="cs-east", manager=staff["manager"])
    TeamMembership.objects.create(team=team, user=staff["agent"], started_on=date(2020, 1, 1))
    supplier = SupplierFactory(vendor_manager=staff["vendor_manager"])
    return [
        pull_andon(agent=staff["agent"], complaint=ComplaintFactory(product=ProductFactory(title=title, stock=5, supplier=supplier)), reason="Pages uncut").pull
        for title in ("The Uncut Pages", "The Loose Spine")
    ]


def test_a_manager_gives_verdicts_in_the_admin(page, live_server, team_pulls, screenshot, sign_in_to_admin):
    good, bad = team_pulls
    sign_in_to_admin("manager")
    page.goto(f"{live_server.url}/admin/andon/andonpull/?verdict=awaiting")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    screenshot("50-admin-verdict-queue")

    page.locator(f"input.action-select[value='{good.pk}']").check()
    page.locator("select[name=action]").select_option("verdict_rule_followed")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Gave the verdict on 1 pull")

    page.locator(f"input.action-select[value='{bad.pk}']").check()
    page.locator("select[name=action]").select_option("verdict_bad_pull")
    page.locator("button[name=index]").click()
    expect(page.get_by_test_id("action-rows")).to_contain_text(f"#{bad.pk}")
    page.get_by_label("Bad-pull category").select_option("duplicate")
    page.get_by_label("Note (one line)").fill("One customer filed twice.")
    screenshot("51-admin-bad-pull-form")
    page.locator("input[name=apply]").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#result_list tbody tr")).to_have_count(0)
    assert AndonPull.objects.get(pk=good.pk).verdict == Verdict.RULE_FOLLOWED
    assert AndonPull.objects.get(pk=bad.pk).verdict == Verdict.BAD_PULL
    assert Product.objects.get(pk=bad.product_id).listing_state == ListingState.LISTED


def test_a_manager_gives_a_verdict_on_the_verdict_page(page, live_server, team_pulls, screenshot, sign_in_to_admin):
    pull = team_pulls[0]
    sign_in_to_admin("manager")
    page.goto(f"{live_server.url}/admin/andon/andonpull/{pull.pk}/change/")
    page.get_by_test_id("verdict-page-link").click()

    expect(page.get_by_test_id("rule-complaint")).to_have_count(1)
    page.get_by_label("rule followed").check()
    page.get_by_test_id("verdict-note").fill("Two customers, same lot.")
    screenshot("52-verdict-page")
    page.get_by_test_id("verdict-submit").click()

    expect(page.get_by_test_id("verdict-state")).to_have_attribute("data-verdict", Verdict.RULE_FOLLOWED)
