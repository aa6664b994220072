"""An order remembers the language its customer ordered in, and what we tell them about it is in that language."""

import pytest
from django.conf import settings
from django.urls import reverse

from andon.pulls.services import pull_andon
from flywheel.factories import LotFactory, ProductFactory
from members.cart.services import add_to_cart
from members.orders.services import place_replacement_order
from members.factories import OrderFactory, UserFactory
from members.models import Notification, Order
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

SHIPPING = {"shipping_name": "林梅", "shipping_address": "上海市浦东新区世纪大道88号", "shipping_phone": "13800000000"}


@pytest.mark.parametrize(("chosen", "stored"), [("zh-hans", "zh-hans"), ("en", "en")])
def test_checkout_records_the_language_of_the_page(customer_client, customer, chosen, stored):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)
    customer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = chosen

    customer_client.post(reverse("members:checkout"), {**SHIPPING, "card_number": "4242 4242 4242 4242"})

    assert Order.objects.get(customer=customer).language == stored


def test_a_replacement_order_keeps_the_original_orders_language():
    product = ProductFactory(stock=5)
    original = OrderFactory(lines=[(product, 1)], language="zh-hans")

    replacement = place_replacement_order(order_line=original.lines.get(), quantity=1, actor=None)

    assert replacement.language == "zh-hans"


def test_a_pull_holds_each_order_with_the_reason_in_its_customers_language(django_capture_on_commit_callbacks):
    product = ProductFactory(stock=0, title="The Uncut Pages", title_zh="未裁切的书页")
    LotFactory(product=product, quantity_received=10)
    chinese = OrderFactory(status=Order.Status.PAID, lines=[(product, 1)], language="zh-hans")
    english = OrderFactory(status=Order.Status.PACKED, lines=[(product, 1)], language="en")
    agent = UserFactory(username="agent", roles=["agent"])

    with django_capture_on_commit_callbacks(execute=True):
        pull_andon(agent=agent, complaint=ComplaintFactory(product=product), reason="Pages uncut")

    chinese.refresh_from_db()
    english.refresh_from_db()
    assert "未裁切的书页" in chinese.hold_reason and "quality check" not in chinese.hold_reason
    assert english.hold_reason.startswith("A quality check on The Uncut Pages")
    told = dict(Notification.objects.filter(key__startswith="order-held:").values_list("recipient_id", "subject"))
    assert told[chinese.customer_id] != told[english.customer_id]
    assert chinese.number in told[chinese.customer_id] and "on hold" not in told[chinese.customer_id]
    assert told[english.customer_id] == f"Your order {english.number} is on hold"
