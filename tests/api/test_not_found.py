"""A 404 from the API names what was not found in words, never a model's class name."""

import pytest
from django.http import Http404
from rest_framework.permissions import AllowAny
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView


pytestmark = pytest.mark.django_db


def test_an_unknown_pull_is_an_andon_pull_not_found(agent_api):
    response = agent_api.get("/api/v1/pulls/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Andon pull not found.", "code": "not_found"}


def test_an_unknown_complaint_is_a_complaint_not_found(agent_api):
    assert agent_api.get("/api/v1/complaints/999999/").json()["detail"] == "Complaint not found."


def test_someone_elses_order_is_an_order_not_found(customer_api):
    assert customer_api.get("/api/v1/orders/T0000000000000/").json()["detail"] == "Order not found."


class LooksUpNothing(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise Http404("No Thing matches the given query.")


def test_a_view_without_a_model_says_not_found():
    response = LooksUpNothing.as_view()(APIRequestFactory().get("/nothing/"))

    assert response.status_code == 404
    assert response.data == {"detail": "Not found.", "code": "not_found"}


def test_a_deliberate_not_found_message_is_kept(api_client):
    assert api_client.get("/api/v1/products/NO-SUCH-SKU/").json()["detail"] == "No product with this SKU."


def test_an_id_that_is_not_a_number_is_a_json_404(agent_api):
    response = agent_api.get("/api/v1/pulls/abc/")

    assert response.status_code == 404
    assert response.json() == {"detail": "The API has nothing at this address.", "code": "not_found"}


def test_an_id_with_a_newline_in_it_is_a_json_404(agent_api):
    response = agent_api.get("/api/v1/complaints/1%0A2/")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("url", ["/api/v1/products/BOOK%00/", "/api/v1/orders/T1%00/", "/api/v1/cart/items/BOOK%00/"])
def test_a_sku_or_order_number_with_a_nul_in_the_address_is_a_json_404(customer_api, url):
    # PostgreSQL refuses NUL in a query: the lookup itself was a 500 there.
    response = customer_api.get(url)

    assert (response.status_code, response.json()) == (404, {"detail": "The API has nothing at this address.", "code": "not_found"})


def test_a_write_to_an_address_no_endpoint_serves_is_a_json_404_not_a_csrf_page(agent_api):
    response = APIClient(enforce_csrf_checks=True).post("/api/v1/work-orders/-1.5/start/")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_an_address_without_its_trailing_slash_still_redirects(api_client):
    response = api_client.get("/api/v1/products")

    assert (response.status_code, response["Location"]) == (301, "/api/v1/products/")
