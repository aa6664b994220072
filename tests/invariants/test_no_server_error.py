"""No input gives a 500: every route, as a role that may reach it, with unreadable values in each
path argument and every query parameter the site reads, answers 400 or 404.

Walks tests/routes.py, which `test_the_route_list_names_every_url_pattern` keeps complete. The
values are written percent-encoded, as a browser or a script sends them, so they reach Django as
raw bytes: NUL (PostgreSQL refuses it in a query), a UTF-16 surrogate encoded in UTF-8 (a lone
surrogate), bytes that are not UTF-8 at all, an overlong UTF-8 form of `/`, and a value far
longer than any the site makes (also a number no database column holds).
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.routes import ROUTES, user_with

UNREADABLE = {
    "nul": "a%00b",
    "lone-surrogate": "a%ED%A0%80b",
    "undecodable": "a%FF%FEb",
    "overlong-utf8": "a%C0%AFb",
    "overlong-value": "9" * 3000,
}
# Every query parameter a page or an endpoint reads (request.GET and the forms bound to it).
QUERY_PARAMETERS = (
    "q", "sort", "category", "page", "kind", "city", "coupon", "next", "line", "customer", "customer_q",
    "issue", "channel", "assigned", "rule", "state", "department", "tab", "overdue", "start", "end",
    "period", "group", "target_kind", "search", "lang", "language",
)
ANSWERS = {400, 404}


def _wrong(route, answers: dict) -> dict:
    """The answers that break the rule: on a page anything but 400 or 404; in the API, which
    guards its own input (a JSON 404 for an unreadable address, its serializers for the rest,
    fuzzed by tests/api/test_fuzz.py), a server error."""
    if route.api:
        return {key: status for key, status in answers.items() if status >= 500}
    return {key: status for key, status in answers.items() if status not in ANSWERS}


def _address(route, argument: str | None, raw: str) -> str:
    """The route's address with `argument` replaced by the raw (percent-encoded) value."""
    if argument is None:
        return reverse(route.name, kwargs=route.kwargs)
    sentinel = 918273645 if isinstance(route.kwargs[argument], int) else "SENTINEL-VALUE"
    address = reverse(route.name, kwargs={**route.kwargs, argument: sentinel})
    return address.replace(str(sentinel), raw)


def _browser(route):
    browser = APIClient() if route.api else Client()
    user = user_with(route.roles[0])
    if user is not None:
        browser.force_login(user)
    return browser


def _send(browser, route, address: str, query: str):
    """GET the address (POST, for a state-changing route); the test client hands the path over as
    raw bytes, as a WSGI server does."""
    send = browser.post if route.changes_state else browser.get
    return send(f"{address}?{query}" if query else address)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_unreadable_query_values_are_a_400_or_404_never_a_500(db, route):
    browser = _browser(route)
    address = _address(route, None, "")

    answers = {
        kind: _send(browser, route, address, "&".join(f"{name}={raw}" for name in QUERY_PARAMETERS)).status_code
        for kind, raw in UNREADABLE.items()
    }

    assert _wrong(route, answers) == {}


@pytest.mark.parametrize("route", [r for r in ROUTES if r.kwargs], ids=lambda r: r.name)
def test_unreadable_path_arguments_are_a_400_or_404_never_a_500(db, route):
    browser = _browser(route)

    answers = {
        (argument, kind): _send(browser, route, _address(route, argument, raw), "").status_code
        for argument in route.kwargs
        for kind, raw in UNREADABLE.items()
    }

    assert _wrong(route, answers) == {}
