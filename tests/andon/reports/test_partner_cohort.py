"""A partner cohort end to end: admitted in one month, listed, pulled, inspected; those that pass come back
into the app and the relist-rate report counts them back, with the counts beside the rate."""

from datetime import date

import pytest

from andon.models import WorkOrder
from andon.pulls.services import pull_andon
from andon.work_orders.services import confirm_work_order, resolve_work_order, start_work_order
from flywheel.factories import PartnerFactory
from flywheel.models import ListingState, Partner
from members.catalog.selectors import listed_partners
from tickets.factories import ComplaintFactory, IssueCodeFactory

pytestmark = pytest.mark.django_db

Kind, Outcome = WorkOrder.Kind, WorkOrder.Outcome


def _inspect(pull, people, outcome):
    """Rectified by the partner managers, confirmed and inspected by quality."""
    rectification = pull.work_orders.get(kind=Kind.RECTIFICATION)
    start_work_order(work_order=rectification, actor=people["partner_manager"])
    resolve_work_order(work_order=rectification, actor=people["partner_manager"], outcome=Outcome.RECTIFIED)
    confirm_work_order(work_order=rectification, actor=people["quality"])
    acceptance = pull.work_orders.get(kind=Kind.ACCEPTANCE)
    start_work_order(work_order=acceptance, actor=people["quality"])
    resolve_work_order(work_order=acceptance, actor=people["quality"], outcome=outcome, notes="Re-inspected on site")
    confirm_work_order(work_order=acceptance, actor=people["quality"])


@pytest.fixture
def cohort(people, api):
    """Three partners admitted in March 2026, added as drafts and published by a partner manager through the API."""
    partners = [
        PartnerFactory(admitted_on=date(2026, 3, day), listing_state=ListingState.DRAFT, partner_manager=people["partner_manager"])
        for day in (2, 11, 27)
    ]
    for partner in partners:
        assert api["partner_manager"].post(f"/api/v1/managed-partners/{partner.pk}/publish/").status_code == 200
    return partners


@pytest.fixture
def inspected(people, cohort):
    """Every partner of the cohort pulled; two pass the acceptance inspection, one fails it."""
    issue = IssueCodeFactory(code="rude-service")
    pulls = [
        pull_andon(agent=people["agent"], complaint=ComplaintFactory(partner=partner, issue_code=issue), reason="Overcharges").pull
        for partner in cohort
    ]
    for pull, outcome in zip(pulls, (Outcome.INSPECTION_PASSED, Outcome.INSPECTION_PASSED, Outcome.INSPECTION_FAILED)):
        _inspect(pull, people, outcome)
    return cohort


def test_every_published_partner_of_the_cohort_is_in_the_app_before_the_pulls(cohort):
    assert set(listed_partners()) == set(cohort)


def test_the_pull_stops_each_published_partner(people, cohort):
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(partner=cohort[0]), reason="Overcharges").pull

    assert pull.stopped_target is True
    assert Partner.objects.get(pk=cohort[0].pk).listing_state == ListingState.UNDER_REVIEW


def test_partners_that_pass_the_inspection_are_listed_again_and_the_failed_one_retired(inspected):
    states = [Partner.objects.get(pk=partner.pk).listing_state for partner in inspected]

    assert states == [ListingState.LISTED, ListingState.LISTED, ListingState.RETIRED]


def test_the_report_counts_the_cohort_back_with_two_decimals_and_its_counts(inspected, api):
    body = api["partner_manager"].get("/api/v1/reports/relist-rate/").json()

    [cohort] = body["by_cohort"]
    assert (cohort["key"], cohort["rate"], cohort["numerator"], cohort["denominator"]) == ("2026-03", "66.67", 2, 3)
    assert (body["partners"]["rate"], body["partners"]["numerator"], body["partners"]["denominator"]) == ("66.67", 2, 3)


def test_the_report_page_shows_the_cohort_rate_with_its_counts(inspected, client, people):
    client.force_login(people["partner_manager"])

    page = client.get("/reports/relist-rate/").content.decode()

    assert "66.67% (2 of 3)" in page
