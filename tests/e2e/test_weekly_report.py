"""A manager reads the week's bad-pull report in the admin, with its trend charts, and drills down to the pulls."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from andon.reports.selectors import Week
from members.factories import UserFactory
from members.roles import grant_role_permissions
from tests.andon.reports.weekly_helpers import make_complaints, make_pulls, make_team

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def history(db):
    manager = UserFactory(username="manager", roles=["manager"], is_staff=True)
    grant_role_permissions()
    north = make_team("north", manager=manager)
    south = make_team("south")
    monday = Week.current().bounds[0]
    for weeks_ago in range(12):
        at = monday - timedelta(weeks=weeks_ago) + timedelta(hours=10) if weeks_ago else timezone.now() - timedelta(minutes=5)
        make_pulls(north, 40, at=at, bad=2 if weeks_ago % 4 == 1 else 0, relisted_after=timedelta(hours=20) if weeks_ago else None)
        make_pulls(south, 1 + weeks_ago % 3, at=at, bad=1 if weeks_ago == 2 else 0)
        make_complaints(300, at=at)
    return north


def test_a_manager_reads_the_weekly_report_with_its_charts_and_drills_down(page, live_server, history, screenshot, sign_in_to_admin):
    sign_in_to_admin("manager")
    page.get_by_test_id("admin-weekly-report").click()

    expect(page.get_by_test_id("weekly-table")).to_be_visible()
    last_week = Week.current().shifted(-1)
    page.locator("#week").fill(str(last_week))
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{live_server.url}/admin/andon/weeklyteamsnapshot/weekly/?week={last_week}")
    expect(page.get_by_test_id("weekly-row-north").get_by_test_id("rate")).to_contain_text("5.00% (2 of 40)")
    expect(page.get_by_test_id("weekly-row-north").get_by_test_id("rate")).to_contain_text("breach")
    charts = page.get_by_test_id("trend-chart")
    expect(charts).to_have_count(3)
    assert page.evaluate("() => [...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart.getChart(c))")
    screenshot("60-weekly-report-manager")

    page.get_by_test_id("weekly-row-north").get_by_test_id("drill-bad").click()

    expect(page.locator("#result_list tbody tr")).to_have_count(2)
