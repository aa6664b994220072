"""Signing up, signing in and choosing the language, through the URLs."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from flywheel.models import AuditEvent


pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


# --- Accounts and language -----------------------------------------------------------------


def test_sign_up_creates_the_account_and_signs_in(client):
    response = client.post(
        reverse("members:signup"),
        {"username": "newshopper", "email": "new@example.com", "password1": "a-long-Pass-phrase-9", "password2": "a-long-Pass-phrase-9"},
        follow=True,
    )

    assert response.context["user"].username == "newshopper"
    assert response.context["user"].email == "new@example.com"


def test_signing_up_leaves_an_audit_row(client):
    client.post(
        reverse("members:signup"),
        {"username": "newshopper", "email": "new@example.com", "password1": "a-long-Pass-phrase-9", "password2": "a-long-Pass-phrase-9"},
    )

    user = get_user_model().objects.get(username="newshopper")
    [event] = AuditEvent.objects.filter(content_type__model="user", object_id=str(user.pk))
    assert (event.action, event.actor) == ("sign_up", user)


def test_sign_out_is_refused_as_a_get(customer_client):
    response = customer_client.get(reverse("members:logout"))

    assert response.status_code == 405


def test_sign_out_by_post_signs_out(customer_client):
    response = customer_client.post(reverse("members:logout"), follow=True)

    assert not response.context["user"].is_authenticated


def test_password_reset_mails_a_link_to_the_reset_page(client, customer):
    client.post(reverse("members:password-reset"), {"email": customer.email})

    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_language_switcher_sets_simplified_chinese(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})

    response = client.get(reverse("members:catalog"))

    assert '<html lang="zh-hans">' in page_text(response)
