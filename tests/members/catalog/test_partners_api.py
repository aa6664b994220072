"""The partner directory through the API: listed partners only, for anyone."""

import pytest

from flywheel.factories import PartnerFactory
from flywheel.models import ListingState, Partner

pytestmark = pytest.mark.django_db

PARTNERS = "/api/v1/partners/"


def test_anyone_lists_the_listed_partners_only(api_client):
    listed = PartnerFactory(name="Listed Motors", city="Shanghai")
    PartnerFactory(name="Pulled Motors", listing_state=ListingState.UNDER_REVIEW)
    PartnerFactory(name="Retired Motors", listing_state=ListingState.RETIRED)

    response = api_client.get(PARTNERS)

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": listed.pk, "name": "Listed Motors", "name_zh": listed.name_zh, "kind": "repair_shop",
            "city": "Shanghai", "description": "",
        }
    ]


def test_partners_are_filtered_by_kind_and_city(api_client):
    PartnerFactory(name="Shanghai Installers", kind=Partner.Kind.INSTALLER, city="Shanghai")
    PartnerFactory(name="Beijing Installers", kind=Partner.Kind.INSTALLER, city="Beijing")
    PartnerFactory(name="Shanghai Repairs", kind=Partner.Kind.REPAIR_SHOP, city="Shanghai")

    response = api_client.get(PARTNERS, {"kind": "installer", "city": "SHANGHAI"})

    assert [partner["name"] for partner in response.json()["results"]] == ["Shanghai Installers"]


def test_an_unknown_kind_is_a_400_naming_the_field(api_client):
    response = api_client.get(PARTNERS, {"kind": "spaceship"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]
