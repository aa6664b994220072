"""Partners are published and retired in the admin through the listing services products use."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from flywheel.factories import PartnerFactory
from flywheel.models import AuditEvent, ListingState, Partner
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:flywheel_partner_changelist"


@pytest.fixture
def partner_manager_client(client):
    client.force_login(UserFactory(username="pm", is_staff=True, roles=["partner_manager"]))
    return client


def run_action(client, action: str, *partners):
    return client.post(reverse(CHANGELIST), {"action": action, "_selected_action": [p.pk for p in partners]}, follow=True)


def state_of(partner) -> str:
    return Partner.objects.get(pk=partner.pk).listing_state


def test_a_partner_manager_publishes_a_draft_partner_into_the_app(partner_manager_client):
    draft = PartnerFactory(listing_state=ListingState.DRAFT)

    run_action(partner_manager_client, "publish_selected", draft)

    assert state_of(draft) == ListingState.LISTED


def test_publishing_a_partner_leaves_an_audit_row_naming_who(partner_manager_client):
    draft = PartnerFactory(listing_state=ListingState.DRAFT)

    run_action(partner_manager_client, "publish_selected", draft)

    events = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Partner), object_id=str(draft.pk))
    assert list(events.values_list("action", "from_state", "to_state", "actor__username")) == [("publish", "draft", "listed", "pm")]


def test_a_partner_manager_retires_a_listed_partner(partner_manager_client):
    listed = PartnerFactory()

    run_action(partner_manager_client, "retire_selected", listed)

    assert state_of(listed) == ListingState.RETIRED


def test_publishing_a_listed_partner_is_an_error_naming_it_and_changes_nothing(partner_manager_client):
    listed = PartnerFactory(name="Quick Fix")

    response = run_action(partner_manager_client, "publish_selected", listed)

    errors = [m.message for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1 and "Quick Fix" in errors[0]
    assert state_of(listed) == ListingState.LISTED


def test_the_partner_admin_offers_publish_and_retire_but_no_relist(partner_manager_client):
    response = partner_manager_client.get(reverse(CHANGELIST))

    actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "publish_selected", "retire_selected"]


def test_a_vendor_manager_cannot_publish_partners_in_the_admin(client):
    client.force_login(UserFactory(username="vm", is_staff=True, roles=["vendor_manager"]))
    draft = PartnerFactory(listing_state=ListingState.DRAFT)

    run_action(client, "publish_selected", draft)

    assert state_of(draft) == ListingState.DRAFT


def test_a_partner_manager_adds_a_partner_as_a_draft(partner_manager_client):
    response = partner_manager_client.post(
        reverse("admin:flywheel_partner_add"),
        {"name": "Bright Glass", "name_zh": "明亮玻璃", "kind": "installer", "city": "Suzhou", "description": "",
         "admitted_on": "2026-03-02"},
    )

    assert response.status_code == 302
    assert Partner.objects.get(name="Bright Glass").listing_state == ListingState.DRAFT


def test_the_partner_form_edits_the_city_and_description_in_both_languages(admin_client):
    partner = PartnerFactory(listing_state=ListingState.LISTED)

    text = admin_client.get(reverse("admin:flywheel_partner_change", args=[partner.pk])).content.decode()

    for field in ["city", "city_zh", "description", "description_zh"]:
        assert f'name="{field}"' in text
