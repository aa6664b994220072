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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/?q=a%00b", "/?category=a%00b", "/p/a%00b/", "/partners/?city=a%00b", "/orders/a%00b/",
        "/agent/products/a%00b/", "/?q=a%FF%FEb", "/?q=a%ED%A0%80b", "/?q=a%C0%AFb", "/p/a%FF%FEb/",
    ],
)
def test_an_address_with_nul_or_bytes_that_are_not_text_is_a_400_page(client, address):
    client.force_login(UserFactory(username="agent", roles=["agent"]))

    response = client.get(address)

    assert response.status_code == 400
    assert "That address cannot be read" in response.content.decode()


@pytest.mark.django_db
def test_pulling_the_cord_at_an_address_with_nul_is_a_400_not_a_500(client):
    client.force_login(UserFactory(username="agent", roles=["agent"]))

    response = client.post("/andon/products/a%00b/pull/", {"reason": "Pages uncut"})

    assert response.status_code == 400


@pytest.mark.django_db
def test_a_query_value_longer_than_any_page_sends_is_a_400(client):
    assert client.get("/?q=" + "a" * 2001).status_code == 400


@pytest.mark.django_db
def test_a_number_in_the_address_larger_than_any_id_is_a_404(client):
    client.force_login(UserFactory(username="quality", roles=["quality"]))

    assert client.get("/work/1/attachments/" + "9" * 30 + "/").status_code == 404
