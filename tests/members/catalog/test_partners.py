"""The partner directory: members and visitors see listed partners only; a pulled one explains itself."""

import pytest
from django.urls import reverse

from flywheel.factories import PartnerFactory
from flywheel.models import ListingState, Partner

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


def names_listed(response) -> list[str]:
    return [partner.name for partner in response.context["page"].object_list]


def test_the_directory_lists_listed_partners_only(client):
    PartnerFactory(name="Listed Motors")
    PartnerFactory(name="Pulled Motors", listing_state=ListingState.UNDER_REVIEW)
    PartnerFactory(name="Retired Motors", listing_state=ListingState.RETIRED)
    PartnerFactory(name="Draft Motors", listing_state=ListingState.DRAFT)

    response = client.get(reverse("members:partners"))

    assert names_listed(response) == ["Listed Motors"]
    assert "Pulled Motors" not in text_of(response)


def test_a_partner_under_review_is_not_listed_and_its_page_says_unavailable(client):
    partner = PartnerFactory(name="Pulled Motors", listing_state=ListingState.UNDER_REVIEW)

    assert "Pulled Motors" not in text_of(client.get(reverse("members:partners")))
    page = text_of(client.get(reverse("members:partner", args=[partner.pk])))
    assert "Temporarily unavailable - under review" in page
    assert 'data-testid="partner-booking"' not in page


def test_a_retired_partner_says_it_is_no_longer_listed(client):
    partner = PartnerFactory(listing_state=ListingState.RETIRED)

    page = text_of(client.get(reverse("members:partner", args=[partner.pk])))

    assert "No longer listed" in page
    assert 'data-testid="partner-booking"' not in page


def test_a_listed_partner_page_tells_how_to_book(client):
    partner = PartnerFactory(name="Listed Motors", description="Brakes and tyres.")

    page = text_of(client.get(reverse("members:partner", args=[partner.pk])))

    assert "Brakes and tyres." in page and 'data-testid="partner-booking"' in page
    assert 'data-testid="unavailable"' not in page


def test_a_draft_partner_is_a_404(client):
    partner = PartnerFactory(listing_state=ListingState.DRAFT)

    assert client.get(reverse("members:partner", args=[partner.pk])).status_code == 404


def test_the_directory_filters_by_kind_and_city(client):
    PartnerFactory(name="Shanghai Repairs", kind=Partner.Kind.REPAIR_SHOP, city="Shanghai")
    PartnerFactory(name="Beijing Repairs", kind=Partner.Kind.REPAIR_SHOP, city="Beijing")
    PartnerFactory(name="Shanghai Installers", kind=Partner.Kind.INSTALLER, city="Shanghai")

    response = client.get(reverse("members:partners"), {"kind": "repair_shop", "city": "shanghai"})

    assert names_listed(response) == ["Shanghai Repairs"]


def test_an_unknown_kind_is_ignored(client):
    PartnerFactory(name="Listed Motors")

    assert names_listed(client.get(reverse("members:partners"), {"kind": "spaceship"})) == ["Listed Motors"]


def test_the_directory_is_paginated(client):
    for n in range(30):
        PartnerFactory(name=f"Partner {n:02d}")

    first = client.get(reverse("members:partners"))
    second = client.get(reverse("members:partners"), {"page": 2})

    assert len(names_listed(first)) == 24 and len(names_listed(second)) == 6


def test_the_storefront_links_to_the_directory(client):
    assert f'href="{reverse("members:partners")}"' in text_of(client.get(reverse("members:catalog")))
