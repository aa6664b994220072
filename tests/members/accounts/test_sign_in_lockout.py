"""Sign-in is throttled (django-axes): wrong passwords in a row lock the account and the address
for the cool-off, on the storefront and in the admin, and the lock lifts by itself."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

STOREFRONT = reverse("members:login")
ADMIN = reverse("admin:login")


def _sign_in(client, address, username, password, **extra):
    return client.post(address, {"username": username, "password": password}, **extra)


def _fail(client, address, username, times, **extra):
    return [_sign_in(client, address, username, "wrong-password", **extra).status_code for _ in range(times)]


@pytest.mark.parametrize("address", [STOREFRONT, ADMIN], ids=["storefront", "admin"])
def test_after_the_failure_limit_the_right_password_is_refused_with_a_clear_message(client, address):
    UserFactory(username="li", is_staff=True)
    _fail(client, address, "li", settings.AXES_FAILURE_LIMIT)

    response = _sign_in(client, address, "li", DEMO_PASSWORD)

    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_wrong_passwords_before_the_limit_are_answered_as_usual(client):
    UserFactory(username="li")

    assert _fail(client, STOREFRONT, "li", settings.AXES_FAILURE_LIMIT - 1) == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert _sign_in(client, STOREFRONT, "li", DEMO_PASSWORD).status_code == 302


def test_the_lockout_message_is_in_chinese_for_a_chinese_reader(client):
    UserFactory(username="li")
    _fail(client, STOREFRONT, "li", settings.AXES_FAILURE_LIMIT)

    response = _sign_in(client, STOREFRONT, "li", DEMO_PASSWORD, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "登录已锁定" in response.content.decode()


def test_the_account_is_locked_from_another_address_too(client):
    UserFactory(username="li")
    _fail(client, STOREFRONT, "li", settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="203.0.113.7")

    assert _sign_in(client, STOREFRONT, "li", DEMO_PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 429


def test_an_address_guessing_many_accounts_is_locked_for_every_account(client):
    UserFactory(username="li")
    for number in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, STOREFRONT, f"guess{number}", 1, REMOTE_ADDR="203.0.113.7")

    assert _sign_in(client, STOREFRONT, "li", DEMO_PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429


def test_the_lock_lifts_by_itself_after_the_cool_off(client):
    UserFactory(username="li")
    _fail(client, STOREFRONT, "li", settings.AXES_FAILURE_LIMIT)

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)):
        response = _sign_in(client, STOREFRONT, "li", DEMO_PASSWORD)

    assert response.status_code == 302


def test_behind_a_proxy_the_client_is_locked_out_not_the_proxy(client, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.AXES_LOCKOUT_PARAMETERS = ["ip_address"]
    UserFactory(username="li")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    _fail(client, STOREFRONT, "guess", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1", **proxy)

    locked_client = _sign_in(Client(), STOREFRONT, "li", DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1", **proxy)
    other_client = _sign_in(Client(), STOREFRONT, "li", DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9, 10.0.0.1", **proxy)

    assert (other_client.status_code, locked_client.status_code) == (302, 429)


def test_the_admin_lists_the_lockouts(client):
    UserFactory(username="li")
    _fail(client, STOREFRONT, "li", settings.AXES_FAILURE_LIMIT)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 200
    assert "li" in response.content.decode()
