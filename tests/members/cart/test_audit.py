"""Every change to a cart leaves an audit row naming who, what and how many."""

import pytest

from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent
from members.cart.services import add_to_cart, remove_from_cart, set_cart_quantity

pytestmark = pytest.mark.django_db


def _cart_rows():
    return list(AuditEvent.objects.filter(content_type__model="cart").order_by("pk").values_list("action", "actor__username", "note"))


def test_adding_changing_and_removing_a_line_each_leave_an_audit_row(customer):
    product = ProductFactory(sku="LAMP-1", stock=10)

    add_to_cart(customer=customer, product=product, quantity=2)
    add_to_cart(customer=customer, product=product, quantity=1)
    set_cart_quantity(customer=customer, product=product, quantity=5)
    remove_from_cart(customer=customer, product=product)

    assert _cart_rows() == [
        ("add", "mei", "LAMP-1 x 2"),
        ("add", "mei", "LAMP-1 x 3"),
        ("set_quantity", "mei", "LAMP-1 x 5"),
        ("remove", "mei", "LAMP-1 x 0"),
    ]


def test_setting_a_quantity_of_zero_is_audited_as_a_removal(customer):
    product = ProductFactory(sku="LAMP-2", stock=10)
    add_to_cart(customer=customer, product=product, quantity=1)

    set_cart_quantity(customer=customer, product=product, quantity=0)

    assert _cart_rows()[-1] == ("remove", "mei", "LAMP-2 x 0")
