"""The partner directory through the API: listed partners only, for anyone."""

import pytest

from flywheel.factories import PartnerFactory
from flywheel.models import ListingState, Partner

pytestmark = pytest.mark.django_db

PARTNERS = "/api/v1/partners/"


def test_anyone_lists_the_listed_partners_only(api_client):
    listed = PartnerFactory(name="Listed Motors", city="Shanghai", city_zh="上海")
    PartnerFactory(name="Pulled Motors", listing_state=ListingState.UNDER_REVIEW)
    PartnerFactory(name="Retired Motors", listing_state=ListingState.RETIRED)

    response = api_client.get(PARTNERS)

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": listed.pk, "name": "Listed Motors", "name_zh": listed.name_zh, "display_name": "Listed Motors",
            "kind": "repair_shop", "city": "Shanghai", "city_zh": "上海", "display_city": "Shanghai",
            "description": "", "description_zh": "", "display_description": "",
        }
    ]


def test_a_chinese_reader_gets_the_chinese_name_city_and_description(api_client):
    PartnerFactory(
        name="Listed Motors", name_zh="上市汽修", city="Shanghai", city_zh="上海",
        description="Brakes and tyres.", description_zh="刹车和轮胎。",
    )

    partner = api_client.get(PARTNERS, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"][0]

    assert (partner["display_name"], partner["display_city"], partner["display_description"]) == ("上市汽修", "上海", "刹车和轮胎。")


def test_a_chinese_reader_falls_back_to_english_where_no_chinese_was_written(api_client):
    PartnerFactory(city="Shanghai", city_zh="", description="Brakes and tyres.", description_zh="")

    partner = api_client.get(PARTNERS, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"][0]

    assert (partner["display_city"], partner["display_description"]) == ("Shanghai", "Brakes and tyres.")


def test_the_city_filter_takes_the_chinese_name_too(api_client):
    PartnerFactory(name="Shanghai Repairs", city="Shanghai", city_zh="上海")
    PartnerFactory(name="Beijing Repairs", city="Beijing", city_zh="北京")

    response = api_client.get(PARTNERS, {"city": "上海"})

    assert [partner["name"] for partner in response.json()["results"]] == ["Shanghai Repairs"]


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
