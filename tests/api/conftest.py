import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api_client():
    """An anonymous API client; CSRF is not enforced, as for a token-carrying integration."""
    return APIClient()


@pytest.fixture
def customer_api(customer):
    """An API client logged in as the `customer` fixture through the session."""
    client = APIClient()
    client.force_login(customer)
    return client


@pytest.fixture
def checkout_body():
    return {
        "shipping_name": "Li Mei",
        "shipping_address": "88 Century Avenue, Pudong, Shanghai",
        "shipping_phone": "13800000000",
        "card_number": "4242 4242 4242 4242",
    }
