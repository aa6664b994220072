"""The report API's period: days a report can be computed for, and a clear 400 for any other."""

import pytest

from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_api(api_for):
    return api_for(UserFactory(username="manager", roles=["manager"]))


@pytest.mark.parametrize("url", ["/api/v1/reports/pareto/", "/api/v1/reports/relist-rate/"])
def test_a_period_from_year_one_is_a_400_naming_the_first_day_allowed(manager_api, url):
    response = manager_api.get(url, {"from": "0001-01-01"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"from": ["Ensure this value is greater than or equal to 1900-01-01."]}


@pytest.mark.parametrize("url", ["/api/v1/reports/pareto/", "/api/v1/reports/relist-rate/"])
def test_a_period_to_the_last_day_of_9999_is_a_400_naming_the_last_day_allowed(manager_api, url):
    response = manager_api.get(url, {"from": "2026-01-01", "to": "9999-12-31"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"to": ["Ensure this value is less than or equal to 2999-12-31."]}


def test_a_period_within_the_allowed_days_is_reported(manager_api):
    response = manager_api.get("/api/v1/reports/pareto/", {"from": "1900-01-01", "to": "2999-12-31"})

    assert response.status_code == 200
    assert response.json()["period"] == {"start": "1900-01-01", "end": "2999-12-31"}
