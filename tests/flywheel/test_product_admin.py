"""Listing states change in the admin only through actions that call the catalog services."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent, ListingState, Product

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:flywheel_product_changelist"


def run_action(client, action: str, *products):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [product.pk for product in products]},
        follow=True,
    )


def messages_of(response, level_tag: str) -> list[str]:
    return [message.message for message in response.context["messages"] if message.level_tag == level_tag]


def product_events(product):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Product), object_id=str(product.pk)
    )


def test_publish_action_puts_a_draft_on_sale(admin_client):
    draft = ProductFactory(listing_state=ListingState.DRAFT)

    run_action(admin_client, "publish_selected", draft)

    assert Product.objects.get(pk=draft.pk).listing_state == ListingState.LISTED


def test_publish_action_writes_an_audit_event_naming_the_staff_member(admin_client, staff_user):
    draft = ProductFactory(listing_state=ListingState.DRAFT)

    run_action(admin_client, "publish_selected", draft)

    assert list(product_events(draft).values_list("action", "from_state", "to_state", "actor")) == [
        ("publish", ListingState.DRAFT, ListingState.LISTED, staff_user.pk)
    ]


def test_retire_action_on_a_retired_product_shows_an_error_naming_it(admin_client):
    retired = ProductFactory(sku="OLD-1", listing_state=ListingState.RETIRED)

    response = run_action(admin_client, "retire_selected", retired)

    errors = messages_of(response, "error")
    assert len(errors) == 1
    assert "OLD-1" in errors[0]


def test_retire_action_on_a_retired_product_changes_nothing(admin_client):
    retired = ProductFactory(listing_state=ListingState.RETIRED)

    response = run_action(admin_client, "retire_selected", retired)

    assert response.status_code == 200
    assert Product.objects.get(pk=retired.pk).listing_state == ListingState.RETIRED
    assert not product_events(retired).exists()


def test_retire_action_retires_the_legal_rows_and_names_only_the_illegal_ones(admin_client):
    listed = ProductFactory(sku="GOOD-1")
    retired = ProductFactory(sku="OLD-2", listing_state=ListingState.RETIRED)

    response = run_action(admin_client, "retire_selected", listed, retired)

    assert Product.objects.get(pk=listed.pk).listing_state == ListingState.RETIRED
    assert ["GOOD-1" in error for error in messages_of(response, "error")] == [False]
    assert ["OLD-2" in error for error in messages_of(response, "error")] == [True]


def test_there_is_no_relist_action(admin_client):
    ProductFactory(listing_state=ListingState.UNDER_REVIEW)

    response = admin_client.get(reverse(CHANGELIST))

    actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "delete_selected", "publish_selected", "retire_selected"]


def test_change_form_post_cannot_change_the_listing_state(admin_client):
    product = ProductFactory(stock=0)

    response = admin_client.post(
        reverse("admin:flywheel_product_change", args=[product.pk]),
        {
            "sku": product.sku,
            "listing_state": ListingState.RETIRED,
            "category": product.category_id,
            "supplier": product.supplier_id,
            "title": "Renamed in the admin",
            "title_zh": product.title_zh,
            "description": product.description,
            "description_zh": product.description_zh,
            "price": "59.00",
            "cost": "51.92",
            "lots-TOTAL_FORMS": "0",
            "lots-INITIAL_FORMS": "0",
            "lots-MIN_NUM_FORMS": "0",
            "lots-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302
    saved = Product.objects.get(pk=product.pk)
    assert (saved.title, saved.listing_state) == ("Renamed in the admin", ListingState.LISTED)


def test_product_change_page_shows_the_listing_state_without_a_field_for_it(admin_client):
    product = ProductFactory()

    response = admin_client.get(reverse("admin:flywheel_product_change", args=[product.pk]))

    assert response.status_code == 200
    assert "listing_state" not in response.context["adminform"].form.fields
