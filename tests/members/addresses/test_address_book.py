"""A member's address book: add, edit, delete, choose the default; checkout offers them; scoped to the member."""

import pytest
from django.urls import reverse

from flywheel.errors import DomainError
from flywheel.factories import ProductFactory
from members.addresses.services import add_address, delete_address, edit_address, make_default_address
from members.cart.services import add_to_cart
from members.factories import UserFactory
from members.models import SavedAddress

pytestmark = pytest.mark.django_db

HOME = {"name": "Li Mei", "address": "88 Century Avenue, Pudong, Shanghai", "phone": "13800000000", "label": "Home"}
OFFICE = {"name": "Li Mei", "address": "1 Financial Street, Beijing", "phone": "", "label": "Office"}


def defaults_of(customer) -> list[str]:
    return list(SavedAddress.objects.filter(customer=customer, is_default=True).values_list("label", flat=True))


def test_the_first_address_becomes_the_default(customer):
    add_address(customer=customer, **HOME)

    assert defaults_of(customer) == ["Home"]


def test_a_new_default_replaces_the_old_one(customer):
    add_address(customer=customer, **HOME)

    add_address(customer=customer, **OFFICE, make_default=True)

    assert defaults_of(customer) == ["Office"]


def test_make_default_moves_the_default(customer):
    add_address(customer=customer, **HOME)
    office = add_address(customer=customer, **OFFICE)

    make_default_address(saved=office, customer=customer)

    assert defaults_of(customer) == ["Office"]


def test_deleting_the_default_makes_the_remaining_address_the_default(customer):
    home = add_address(customer=customer, **HOME)
    add_address(customer=customer, **OFFICE)

    delete_address(saved=home, customer=customer)

    assert defaults_of(customer) == ["Office"]


def test_editing_changes_the_address(customer):
    home = add_address(customer=customer, **HOME)

    edit_address(saved=home, customer=customer, **{**HOME, "address": "9 Nanjing Road, Shanghai"})

    assert SavedAddress.objects.get(pk=home.pk).address == "9 Nanjing Road, Shanghai"


def test_another_members_address_cannot_be_edited(customer):
    theirs = add_address(customer=UserFactory(username="someone-else"), **HOME)

    with pytest.raises(DomainError):
        edit_address(saved=theirs, customer=customer, **OFFICE)


def test_unreadable_text_is_refused(customer):
    with pytest.raises(DomainError, match="not readable text"):
        add_address(customer=customer, **{**HOME, "address": "88 Century\x00 Avenue"})


# --- Pages ---------------------------------------------------------------------------------


def test_the_address_book_page_adds_an_address(customer_client, customer):
    customer_client.post(reverse("members:addresses"), {**HOME})

    assert SavedAddress.objects.filter(customer=customer).count() == 1


def test_a_missing_address_is_a_400_naming_the_field(customer_client):
    response = customer_client.post(reverse("members:addresses"), {**HOME, "address": ""})

    assert (response.status_code, "This field is required." in response.content.decode()) == (400, True)


def test_the_page_lists_only_my_addresses(customer_client, customer):
    add_address(customer=customer, **HOME)
    add_address(customer=UserFactory(username="someone-else"), **{**OFFICE, "address": "Their secret street"})

    response = customer_client.get(reverse("members:addresses"))

    assert "Their secret street" not in response.content.decode()


def test_the_page_reads_the_book_in_a_fixed_number_of_queries(customer_client, customer, django_assert_num_queries):
    for number in range(5):
        add_address(customer=customer, **{**HOME, "label": f"Place {number}"})

    with django_assert_num_queries(6):
        customer_client.get(reverse("members:addresses"))


def test_another_members_address_page_is_a_404(customer_client):
    theirs = add_address(customer=UserFactory(username="someone-else"), **HOME)

    response = customer_client.get(reverse("members:address-edit", args=[theirs.pk]))

    assert response.status_code == 404


def test_deleting_another_members_address_is_a_404_and_keeps_it(customer_client):
    theirs = add_address(customer=UserFactory(username="someone-else"), **HOME)

    response = customer_client.post(reverse("members:address-delete", args=[theirs.pk]))

    assert (response.status_code, SavedAddress.objects.filter(pk=theirs.pk).exists()) == (404, True)


def test_the_edit_page_saves_the_change(customer_client, customer):
    home = add_address(customer=customer, **HOME)

    customer_client.post(reverse("members:address-edit", args=[home.pk]), {**HOME, "label": "Parents"})

    assert SavedAddress.objects.get(pk=home.pk).label == "Parents"


def test_the_address_book_needs_sign_in(client):
    response = client.get(reverse("members:addresses"))

    assert response.url.startswith(reverse("members:login"))


# --- Checkout ------------------------------------------------------------------------------


@pytest.fixture
def cart_with_an_item(customer):
    add_to_cart(customer=customer, product=ProductFactory(stock=5), quantity=1)


def test_checkout_fills_in_the_default_address(customer_client, customer, cart_with_an_item):
    add_address(customer=customer, **HOME)

    response = customer_client.get(reverse("members:checkout"))

    assert response.context["form"].initial["shipping_address"] == HOME["address"]


def test_checkout_offers_every_saved_address(customer_client, customer, cart_with_an_item):
    add_address(customer=customer, **HOME)
    add_address(customer=customer, **OFFICE)

    response = customer_client.get(reverse("members:checkout"))

    assert response.content.decode().count('data-testid="use-address"') == 2


def test_checkout_fills_in_the_address_picked(customer_client, customer, cart_with_an_item):
    add_address(customer=customer, **HOME)
    office = add_address(customer=customer, **OFFICE)

    response = customer_client.get(reverse("members:checkout") + f"?address={office.pk}")

    assert response.context["form"].initial["shipping_address"] == OFFICE["address"]


def test_checkout_ignores_another_members_address(customer_client, customer, cart_with_an_item):
    theirs = add_address(customer=UserFactory(username="someone-else"), **OFFICE)

    response = customer_client.get(reverse("members:checkout") + f"?address={theirs.pk}")

    assert response.context["form"].initial["shipping_address"] == ""
