"""CSRF on the pages: every state-changing page refuses a POST without the token.

Walks tests/routes.py, which `test_the_route_list_names_every_url_pattern` keeps complete.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from members.factories import UserFactory
from tests.routes import CSRF_EXEMPT_BY_DESIGN, NOT_LISTED_PREFIXES, ROUTES


def url_patterns(patterns=None, prefix="", namespace=""):
    """(route, name, view) for every pattern of the URL conf."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}" if pattern.name else "", pattern.callback


def project_patterns():
    return [(route, name, view) for route, name, view in url_patterns() if not route.startswith(NOT_LISTED_PREFIXES)]


def test_the_route_list_names_every_url_pattern():
    assert sorted({name for _route, name, _view in project_patterns()}) == sorted(
        r.name for r in ROUTES if not r.name.startswith("admin:")
    )


def test_no_view_is_csrf_exempt_except_the_api():
    exempt = sorted(route for route, _name, view in project_patterns() if getattr(view, "csrf_exempt", False))
    assert [route for route in exempt if not route.startswith(tuple(f"{p}/" for p in CSRF_EXEMPT_BY_DESIGN))] == []


@pytest.fixture
def signed_in_browser(db):
    """A superuser's browser that, like a forged cross-site form, sends no CSRF token."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return browser


@pytest.mark.parametrize("route", [r for r in ROUTES if r.changes_state and not r.api], ids=lambda r: r.name)
def test_a_state_changing_page_refuses_a_post_without_the_csrf_token(signed_in_browser, route):
    response = signed_in_browser.post(reverse(route.name, kwargs=route.kwargs), {"reason": "forged"})

    assert response.status_code == 403
    assert b"CSRF verification failed" in response.content


@pytest.mark.parametrize("route", [r for r in ROUTES if r.changes_state and r.api], ids=lambda r: r.name)
def test_a_state_changing_api_call_from_a_signed_in_browser_refuses_a_post_without_the_csrf_token(db, route):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = browser.post(reverse(route.name, kwargs=route.kwargs), {}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
