"""Partner listings through the API for partner managers: every partner, drafts included; publish; retire."""

import pytest

from andon.pulls.services import pull_andon
from flywheel.factories import PartnerFactory
from flywheel.models import ListingState, Partner
from members.factories import UserFactory
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/managed-partners/"


@pytest.fixture
def partner_manager_api(api_for):
    return api_for(UserFactory(username="pm", roles=["partner_manager"]))


def publish(client, partner):
    return client.post(f"{LIST}{partner.pk}/publish/")


def test_a_partner_manager_lists_drafts_too(partner_manager_api):
    draft = PartnerFactory(listing_state=ListingState.DRAFT)
    listed = PartnerFactory()

    body = partner_manager_api.get(LIST).json()

    assert {(row["id"], row["listing_state"]) for row in body["results"]} == {(draft.pk, "draft"), (listed.pk, "listed")}


def test_the_list_filters_by_listing_state(partner_manager_api):
    draft = PartnerFactory(listing_state=ListingState.DRAFT)
    PartnerFactory()

    body = partner_manager_api.get(LIST, {"state": "draft"}).json()

    assert [row["id"] for row in body["results"]] == [draft.pk]


def test_an_unknown_state_is_a_400(partner_manager_api):
    assert partner_manager_api.get(LIST, {"state": "gone"}).status_code == 400


@pytest.mark.parametrize("role", ["vendor_manager", "agent", "manager"])
def test_other_roles_are_refused_the_list(api_for, role):
    assert api_for(UserFactory(roles=[role])).get(LIST).status_code == 403


def test_publishing_a_draft_lists_it_in_the_app(partner_manager_api, client):
    draft = PartnerFactory(listing_state=ListingState.DRAFT)

    response = publish(partner_manager_api, draft)

    assert (response.status_code, response.json()["listing_state"]) == (200, "listed")
    assert [row["id"] for row in client.get("/api/v1/partners/").json()["results"]] == [draft.pk]


def test_publishing_a_listed_partner_is_a_409_and_changes_nothing(partner_manager_api):
    listed = PartnerFactory()

    response = publish(partner_manager_api, listed)

    assert response.status_code == 409
    assert Partner.objects.get(pk=listed.pk).listing_state == ListingState.LISTED


def test_a_pulled_draft_is_not_published_around_its_open_pull(partner_manager_api):
    draft = PartnerFactory(listing_state=ListingState.DRAFT)
    pull_andon(agent=UserFactory(roles=["agent"]), complaint=ComplaintFactory(partner=draft), reason="Overcharges")

    response = publish(partner_manager_api, draft)

    assert response.status_code == 409
    assert Partner.objects.get(pk=draft.pk).listing_state == ListingState.DRAFT


def test_retiring_a_partner_takes_it_out_of_the_app(partner_manager_api):
    listed = PartnerFactory()

    response = partner_manager_api.post(f"{LIST}{listed.pk}/retire/")

    assert (response.status_code, response.json()["listing_state"]) == (200, "retired")


def test_publishing_an_unknown_partner_is_a_404(partner_manager_api):
    assert partner_manager_api.post(f"{LIST}999999/publish/").status_code == 404


def test_a_vendor_manager_cannot_publish_a_partner(api_for):
    draft = PartnerFactory(listing_state=ListingState.DRAFT)

    assert publish(api_for(UserFactory(roles=["vendor_manager"])), draft).status_code == 403
    assert Partner.objects.get(pk=draft.pk).listing_state == ListingState.DRAFT


@pytest.mark.parametrize("partners", [2, 12])
def test_the_list_runs_the_same_queries_for_2_and_12_partners(partner_manager_api, partners, django_assert_num_queries):
    for _ in range(partners):
        PartnerFactory(partner_manager=UserFactory())
    partner_manager_api.get(LIST)

    # Session, user, roles, the page count, the page of partners with their managers.
    with django_assert_num_queries(5):
        partner_manager_api.get(LIST)
