import importlib

import pytest
from django.db import connection
from django.utils import translation

from members.factories import UserFactory


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
def staff_user(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


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
