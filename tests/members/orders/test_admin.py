"""Order statuses move in the admin only through actions that call the order services."""

import pytest
from django.urls import reverse

from flywheel.factories import LotFactory, ProductFactory
from members.factories import OrderFactory
from members.models import Order

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:members_order_changelist"


def run_action(client, action: str, *orders):
    return client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [order.pk for order in orders]}, follow=True
    )


def errors_of(response) -> list[str]:
    return [message.message for message in response.context["messages"] if message.level_tag == "error"]


def test_pack_action_packs_a_paid_order(admin_client):
    order = OrderFactory(status=Order.Status.PAID)

    run_action(admin_client, "pack_selected", order)

    assert Order.objects.get(pk=order.pk).status == Order.Status.PACKED


def test_ship_action_names_each_order_it_could_not_ship(admin_client):
    placed = OrderFactory(number="T-PLACED", status=Order.Status.PLACED)
    packed = OrderFactory(number="T-PACKED", status=Order.Status.PACKED)

    response = run_action(admin_client, "ship_selected", placed, packed)

    assert [Order.objects.get(pk=placed.pk).status, Order.objects.get(pk=packed.pk).status] == [
        Order.Status.PLACED,
        Order.Status.SHIPPED,
    ]
    assert ["T-PLACED" in error and "T-PACKED" not in error for error in errors_of(response)] == [True]


def test_hold_action_holds_with_the_fixed_staff_reason(admin_client):
    order = OrderFactory(status=Order.Status.PAID)

    run_action(admin_client, "hold_selected", order)

    held = Order.objects.get(pk=order.pk)
    assert (held.status, held.hold_reason) == (Order.Status.ON_HOLD, "Held by staff from the admin")


def test_cancel_action_puts_the_units_back(admin_client):
    product = ProductFactory(stock=0)
    lot = LotFactory(product=product, quantity_received=20, quantity_on_hand=19)  # one unit is in the order
    order = OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])

    run_action(admin_client, "cancel_selected", order)

    lot.refresh_from_db()
    assert (Order.objects.get(pk=order.pk).status, lot.quantity_on_hand) == (Order.Status.CANCELLED, 20)


def test_order_page_is_read_only(admin_client):
    order = OrderFactory(status=Order.Status.PAID)

    response = admin_client.post(
        reverse("admin:members_order_change", args=[order.pk]), {"shipping_name": "Someone else", "status": "delivered"}
    )

    assert response.status_code == 403
    unchanged = Order.objects.get(pk=order.pk)
    assert (unchanged.status, unchanged.shipping_name) == (Order.Status.PAID, order.shipping_name)


def test_order_page_lists_its_lines(admin_client):
    order = OrderFactory()

    response = admin_client.get(reverse("admin:members_order_change", args=[order.pk]))

    assert response.status_code == 200
    assert order.lines.get().title in response.content.decode()
