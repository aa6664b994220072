"""Error pages: in the shop's frame, in the reader's words, with a way back."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from members.factories import UserFactory


@pytest.mark.django_db
def test_a_member_opening_the_console_is_told_why_it_is_forbidden(client):
    client.force_login(UserFactory(username="member"))

    response = client.get("/agent/")

    assert response.status_code == 403
    text = response.content.decode()
    assert "The agent console is for customer-service agents and managers." in text
    assert 'data-testid="error-403"' in text and 'href="/"' in text


@pytest.mark.django_db
def test_an_unknown_address_shows_the_shops_404_page(client):
    response = client.get("/no-such-page/here/")

    assert response.status_code == 404
    text = response.content.decode()
    assert "We could not find that page" in text
    assert 'data-testid="cart-link"' in text  # the shop's header, so the visitor can carry on


def test_the_500_page_needs_neither_a_request_context_nor_the_database():
    # No django_db mark: pytest-django makes any query here raise, so the page must not need one.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong on our side" in text and 'href="/"' in text
