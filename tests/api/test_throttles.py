"""The API's throttles: bad tokens and anonymous use are slowed down per address; an authenticated
caller never is, and the cord above all: a call-centre system's hundred pulls in a minute all land."""

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from andon.models import AndonPull
from flywheel.factories import ProductFactory
from members.factories import UserFactory
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/products/"
PULLS = "/api/v1/pulls/"


def _with_token(key: str, address: str = "203.0.113.7") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_bad_tokens_past_the_rate_are_refused_with_429_and_a_wait(settings):
    settings.API_FAILED_TOKEN_RATE = "10/min"
    guesser = _with_token("0" * 40)

    answers = [guesser.get(PULLS).status_code for _ in range(30)]

    assert answers == [401] * 10 + [429] * 20
    assert int(guesser.get(PULLS)["Retry-After"]) > 0


def test_a_locked_address_is_refused_before_its_token_is_looked_at(settings):
    settings.API_FAILED_TOKEN_RATE = "3/min"
    agent = UserFactory(username="agent", roles=["agent"])
    [_with_token("0" * 40).get(PULLS) for _ in range(3)]

    assert _with_token(Token.objects.create(user=agent).key).get(PULLS).status_code == 429


def test_bad_tokens_from_one_address_do_not_slow_another(settings):
    settings.API_FAILED_TOKEN_RATE = "3/min"
    agent = UserFactory(username="agent", roles=["agent"])
    [_with_token("0" * 40).get(PULLS) for _ in range(5)]

    assert _with_token(Token.objects.create(user=agent).key, address="198.51.100.9").get(PULLS).status_code == 200


def test_anonymous_calls_past_the_rate_are_refused_with_429(settings):
    settings.API_ANON_RATE = "5/min"
    anonymous = APIClient()

    assert [anonymous.get(PRODUCTS).status_code for _ in range(7)] == [200] * 5 + [429] * 2


def test_a_signed_in_caller_is_not_throttled_as_anonymous(settings, customer_api):
    settings.API_ANON_RATE = "5/min"

    assert {customer_api.get(PRODUCTS).status_code for _ in range(20)} == {200}


def test_a_hundred_pulls_in_a_minute_by_one_agent_all_land(settings):
    # The strictest rates there are: the cord still answers every pull.
    settings.API_ANON_RATE = "1/min"
    settings.API_FAILED_TOKEN_RATE = "1/min"
    book = ProductFactory(price=Decimal("50.00"), stock=20)
    complaints = [ComplaintFactory(product=book) for _ in range(100)]
    call_centre = _with_token(Token.objects.create(user=UserFactory(username="agent", roles=["agent"])).key)

    answers = [
        call_centre.post(PULLS, {"complaint": complaint.pk, "reason": "Pages uncut"}, format="json").status_code
        for complaint in complaints
    ]

    assert answers == [201] + [200] * 99
    assert AndonPull.objects.get().supports.count() == 100
