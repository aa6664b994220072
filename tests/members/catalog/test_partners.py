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


def bilingual_partner():
    return PartnerFactory(
        name="Quick Fix (Shanghai)", name_zh="上海快修", city="Shanghai", city_zh="上海",
        description="Phone screens while you wait.", description_zh="手机屏幕，立等可取。",
    )


def test_the_directory_in_chinese_shows_the_chinese_city_and_description(client):
    bilingual_partner()

    text = text_of(client.get(reverse("members:partners"), HTTP_ACCEPT_LANGUAGE="zh-hans"))

    assert "手机屏幕，立等可取。" in text and "Phone screens while you wait." not in text
    assert "· 上海" in text
    assert '<option value="Shanghai">上海</option>' in text


def test_a_partner_page_in_chinese_shows_the_chinese_city_and_description(client):
    partner = bilingual_partner()

    text = text_of(client.get(reverse("members:partner", args=[partner.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"))

    assert "手机屏幕，立等可取。" in text and "· 上海" in text
    assert "Phone screens while you wait." not in text


def test_a_partner_page_in_english_keeps_the_english_city_and_description(client):
    partner = bilingual_partner()

    text = text_of(client.get(reverse("members:partner", args=[partner.pk]), HTTP_ACCEPT_LANGUAGE="en"))

    assert "Phone screens while you wait." in text and "· Shanghai" in text
    assert "手机屏幕" not in text


def test_a_partner_with_no_chinese_description_shows_the_english_one_in_chinese(client):
    partner = PartnerFactory(description="Brakes and tyres.", description_zh="")

    text = text_of(client.get(reverse("members:partner", args=[partner.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"))

    assert "Brakes and tyres." in text
