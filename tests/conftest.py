import importlib

import pytest
from rest_framework.test import APIClient
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from members.factories import UserFactory


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """The API throttles count in the cache: every test starts with none."""
    cache.clear()


def pytest_collection_modifyitems(config, items):
    """Row-lock tests need PostgreSQL; on SQLite they are reported as skipped, never as passed."""
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI does)"))


@pytest.fixture
def customer(db):
    return UserFactory(username="mei")


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer)
    return client


@pytest.fixture
def agent(db):
    """A customer-service agent: the console, the complaints API and the cord are theirs."""
    return UserFactory(username="agent", roles=["agent"])


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def api_client():
    """An anonymous API client; CSRF is not enforced, as for a token-carrying integration."""
    return APIClient()


@pytest.fixture
def api_for(db):
    """`api_for(user)`: an API client logged in as `user` through the session."""

    def log_in(user) -> APIClient:
        client = APIClient()
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def customer_api(api_for, customer):
    return api_for(customer)


@pytest.fixture
def agent_api(api_for, agent):
    return api_for(agent)


@pytest.fixture
def checkout_body():
    return {
        "shipping_name": "Li Mei",
        "shipping_address": "88 Century Avenue, Pudong, Shanghai",
        "shipping_phone": "13800000000",
        "card_number": "4242 4242 4242 4242",
    }


def _restore_reference_data() -> None:
    """Put back the rows data migrations create (role groups, issue codes)."""
    from django.apps import apps

    for module, function in (
        ("members.migrations.0002_staff_role_groups", "create_groups"),
        ("tickets.migrations.0002_common_issue_codes", "create_codes"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """A transactional test starts after another one flushed every table, data-migration rows included.

    pytest-django runs transactional tests last, so only they need the rows put back.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        _restore_reference_data()


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    """A request in Chinese leaves its language active in the thread; each test starts in English."""
    with translation.override("en"):
        yield
