"""Back in stock: a member asks to be told when an unavailable product returns, and is told once, in their language."""

import pytest
from django.core import mail
from django.urls import reverse

from flywheel.factories import LotFactory, ProductFactory
from flywheel.models import ListingState
from flywheel.services import put_product_under_review, receive_lot, relist
from members.factories import UserFactory
from members.models import Notification, Profile, RestockRequest
from members.restock.jobs import tell_members_product_is_back
from members.restock.services import ask_for_restock_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def pulled_product():
    product = ProductFactory(title="Cloudwave headphones", title_zh="云浪耳机", stock=0)
    LotFactory(product=product, quantity_received=4)
    return put_product_under_review(product=product)


@pytest.fixture
def sold_out_product():
    return ProductFactory(title="Clay teapot", title_zh="陶土茶壶", stock=0)


def subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


def test_a_member_can_ask_on_the_page_of_a_pulled_product(customer_client, customer, pulled_product):
    customer_client.post(reverse("members:restock-ask", args=[pulled_product.sku]))

    assert RestockRequest.objects.filter(customer=customer, product=pulled_product).count() == 1


def test_the_page_then_says_the_member_will_be_told(customer_client, pulled_product):
    response = customer_client.post(reverse("members:restock-ask", args=[pulled_product.sku]), follow=True)

    assert 'data-testid="restock-waiting"' in response.content.decode()


def test_asking_twice_keeps_one_request(customer_client, customer, pulled_product):
    for _ in range(2):
        customer_client.post(reverse("members:restock-ask", args=[pulled_product.sku]))

    assert RestockRequest.objects.filter(customer=customer).count() == 1


def test_a_product_on_sale_needs_no_request(customer):
    on_sale = ProductFactory(stock=3)

    with pytest.raises(Exception, match="on sale now"):
        ask_for_restock_notice(customer=customer, product=on_sale)


def test_a_signed_out_visitor_is_sent_to_sign_in(client, pulled_product):
    response = client.post(reverse("members:restock-ask", args=[pulled_product.sku]))

    assert response.url.startswith(reverse("members:login"))


def test_a_retired_product_offers_no_request(customer_client):
    retired = ProductFactory(listing_state=ListingState.RETIRED)

    response = customer_client.post(reverse("members:restock-ask", args=[retired.sku]))

    assert response.status_code == 404


def test_relisting_tells_the_waiting_member(customer, pulled_product, django_capture_on_commit_callbacks):
    ask_for_restock_notice(customer=customer, product=pulled_product)

    with django_capture_on_commit_callbacks(execute=True):
        relist(listable=pulled_product)

    assert subjects() == ["Cloudwave headphones is back"]


def test_the_notice_is_in_the_members_chosen_language(customer, pulled_product, django_capture_on_commit_callbacks):
    ask_for_restock_notice(customer=customer, product=pulled_product)
    Profile.objects.update_or_create(user=customer, defaults={"language": "zh-hans"})

    with django_capture_on_commit_callbacks(execute=True):
        relist(listable=pulled_product)

    assert subjects() == ["云浪耳机 到货了"]


def test_the_notice_links_to_the_product(customer, pulled_product, django_capture_on_commit_callbacks):
    ask_for_restock_notice(customer=customer, product=pulled_product)

    with django_capture_on_commit_callbacks(execute=True):
        relist(listable=pulled_product)

    assert Notification.objects.get(recipient=customer).link == reverse("members:product", args=[pulled_product.sku])


def test_the_member_is_told_once(customer, pulled_product, django_capture_on_commit_callbacks):
    ask_for_restock_notice(customer=customer, product=pulled_product)
    with django_capture_on_commit_callbacks(execute=True):
        relist(listable=pulled_product)

    tell_members_product_is_back(product_id=pulled_product.pk)

    assert len(mail.outbox) == 1


def test_stock_arriving_for_a_sold_out_product_tells_the_waiting_member(customer, sold_out_product, django_capture_on_commit_callbacks):
    ask_for_restock_notice(customer=customer, product=sold_out_product)

    with django_capture_on_commit_callbacks(execute=True):
        receive_lot(product=sold_out_product, code="L-NEW", quantity=5)

    assert subjects() == ["Clay teapot is back"]


def test_relisted_without_stock_tells_no_one_yet(customer, django_capture_on_commit_callbacks):
    empty = put_product_under_review(product=ProductFactory(stock=0))
    ask_for_restock_notice(customer=customer, product=empty)

    with django_capture_on_commit_callbacks(execute=True):
        relist(listable=empty)

    assert (mail.outbox, RestockRequest.objects.get(customer=customer).notified_at) == ([], None)


def test_only_waiting_members_are_told(customer, pulled_product, django_capture_on_commit_callbacks):
    ask_for_restock_notice(customer=customer, product=pulled_product)
    UserFactory(username="bystander")

    with django_capture_on_commit_callbacks(execute=True):
        relist(listable=pulled_product)

    assert [message.to for message in mail.outbox] == [[customer.email]]


def test_a_withdrawn_request_is_not_told(customer_client, customer, pulled_product, django_capture_on_commit_callbacks):
    customer_client.post(reverse("members:restock-ask", args=[pulled_product.sku]))
    customer_client.post(reverse("members:restock-withdraw", args=[pulled_product.sku]))

    with django_capture_on_commit_callbacks(execute=True):
        relist(listable=pulled_product)

    assert mail.outbox == []


def test_the_last_confirmed_work_order_of_a_pull_tells_the_waiting_member(customer, django_capture_on_commit_callbacks):
    from andon.work_orders.services import confirm_work_order
    from tests.concurrency import resolved_pull

    people = {role: UserFactory(username=role, roles=[role]) for role in ("agent", "vendor_manager", "warehouse", "quality")}
    pull, supplier_order, warehouse_order = resolved_pull(
        agent=people["agent"], vendor_manager=people["vendor_manager"], warehouse=people["warehouse"]
    )
    ask_for_restock_notice(customer=customer, product=pull.target)

    with django_capture_on_commit_callbacks(execute=True):
        for work_order in (supplier_order, warehouse_order):
            confirm_work_order(work_order=work_order, actor=people["quality"])

    assert [message.to for message in mail.outbox if "is back" in message.subject and message.to == [customer.email]] == [[customer.email]]
