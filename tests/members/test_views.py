"""The storefront through its URLs, as a shopper uses it."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from flywheel.factories import CategoryFactory, ProductFactory
from flywheel.models import ListingState
from flywheel.services import put_product_under_review
from members.cart.services import add_to_cart
from members.factories import OrderFactory, UserFactory
from members.models import CartItem, Order
from members.orders.payments import DECLINED_CARD, SUCCEEDING_CARD
from members.catalog.selectors import stock_of

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [ListingState.UNDER_REVIEW, ListingState.RETIRED, ListingState.DRAFT]
SHIPPING = {"shipping_name": "Mei Lin", "shipping_address": "88 Century Avenue, Shanghai", "shipping_phone": "13800000000"}


def page_text(response) -> str:
    return response.content.decode()


# --- Catalog -------------------------------------------------------------------------------


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_catalog_lists_listed_products_and_hides_products_off_sale(client, state):
    ProductFactory(title="Bamboo cutting board")
    ProductFactory(title="Pulled enamel kettle", listing_state=state)

    response = client.get(reverse("members:catalog"))

    assert "Bamboo cutting board" in page_text(response)
    assert "Pulled enamel kettle" not in page_text(response)


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_search_by_exact_title_does_not_find_a_product_off_sale(client, state):
    ProductFactory(title="Pulled enamel kettle", listing_state=state)

    response = client.get(reverse("members:catalog"), {"q": "Pulled enamel kettle"})

    assert 'data-testid="product-card"' not in page_text(response)
    assert "Nothing matches" in page_text(response)


def test_search_finds_a_listed_product_by_title(client):
    ProductFactory(title="Bamboo cutting board")
    ProductFactory(title="Steel wok")

    response = client.get(reverse("members:catalog"), {"q": "bamboo"})

    assert "Bamboo cutting board" in page_text(response)
    assert "Steel wok" not in page_text(response)


def test_top_category_filter_includes_products_of_its_subcategories(client):
    kitchen = CategoryFactory(slug="kitchen", name="Kitchen")
    knives = CategoryFactory(slug="knives", name="Knives", parent=kitchen)
    ProductFactory(title="Chef knife", category=knives)
    ProductFactory(title="Garden hose")

    response = client.get(reverse("members:catalog"), {"category": "kitchen"})

    assert "Chef knife" in page_text(response)
    assert "Garden hose" not in page_text(response)


def test_catalog_sorts_by_price_low_to_high(client):
    ProductFactory(title="Dear lamp", price=Decimal("300.00"))
    ProductFactory(title="Cheap cup", price=Decimal("9.00"))

    response = client.get(reverse("members:catalog"), {"sort": "price"})

    assert page_text(response).index("Cheap cup") < page_text(response).index("Dear lamp")


def test_catalog_card_shows_price_in_yuan_and_a_low_stock_hint(client):
    ProductFactory(title="Tea tin", price=Decimal("59.00"), stock=3)

    response = client.get(reverse("members:catalog"))

    assert "¥59.00" in page_text(response)
    assert "Only 3 left" in page_text(response)


def test_catalog_page_links_keep_the_search_and_sort(client, settings):
    settings.CATALOG_PAGE_SIZE = 2
    ProductFactory.create_batch(3, title="Mug")

    response = client.get(reverse("members:catalog"), {"q": "mug", "sort": "title"})

    assert "?q=mug&amp;sort=title&amp;page=2" in page_text(response)


def test_catalog_page_runs_the_same_queries_for_5_and_50_products(client, django_assert_num_queries):
    category = CategoryFactory()
    ProductFactory.create_batch(5, category=category, stock=1)
    with CaptureQueriesContext(connection) as five_products:
        client.get(reverse("members:catalog"))
    ProductFactory.create_batch(45, category=category, stock=1)
    with CaptureQueriesContext(connection) as fifty_products:
        client.get(reverse("members:catalog"))

    assert len(five_products) == len(fifty_products)
    # Categories menu, its subcategories, the result count, the page of products, their stock.
    with django_assert_num_queries(5):
        client.get(reverse("members:catalog"))


# --- Product page --------------------------------------------------------------------------


def test_product_page_of_a_listed_product_offers_add_to_cart(client):
    product = ProductFactory()

    response = client.get(reverse("members:product", args=[product.sku]))

    assert 'data-testid="add-to-cart"' in page_text(response)


def test_product_page_of_an_under_review_product_says_unavailable_and_has_no_add_to_cart_form(client):
    product = ProductFactory(listing_state=ListingState.UNDER_REVIEW)

    response = client.get(reverse("members:product", args=[product.sku]))

    assert "Temporarily unavailable - under review" in page_text(response)
    assert reverse("members:cart-add", args=[product.sku]) not in page_text(response)
    assert 'data-testid="add-to-cart"' not in page_text(response)


def test_product_page_of_a_retired_product_says_no_longer_sold_without_buy_button(client):
    product = ProductFactory(listing_state=ListingState.RETIRED)

    response = client.get(reverse("members:product", args=[product.sku]))

    assert "No longer sold" in page_text(response)
    assert 'data-testid="add-to-cart"' not in page_text(response)


def test_product_page_of_a_product_without_stock_says_out_of_stock_without_buy_button(client):
    product = ProductFactory(stock=0)

    response = client.get(reverse("members:product", args=[product.sku]))

    assert "Out of stock" in page_text(response)
    assert 'data-testid="add-to-cart"' not in page_text(response)


def test_product_page_of_a_draft_product_is_not_found(client):
    product = ProductFactory(listing_state=ListingState.DRAFT)

    response = client.get(reverse("members:product", args=[product.sku]))

    assert response.status_code == 404


# --- Cart ----------------------------------------------------------------------------------


def test_adding_a_listed_product_puts_it_in_the_cart(customer_client, customer):
    product = ProductFactory()

    response = customer_client.post(reverse("members:cart-add", args=[product.sku]), {"quantity": 2}, follow=True)

    assert CartItem.objects.get(cart__customer=customer, product=product).quantity == 2
    assert 'data-testid="cart-count"' in page_text(response)
    assert "Added 2" in page_text(response)


def test_adding_an_under_review_product_is_refused_with_a_message_and_nothing_is_added(customer_client, customer):
    product = ProductFactory(listing_state=ListingState.UNDER_REVIEW)

    response = customer_client.post(reverse("members:cart-add", args=[product.sku]), {"quantity": 1}, follow=True)

    assert response.status_code == 200
    assert "temporarily unavailable - under review" in page_text(response)
    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_anonymous_add_to_cart_redirects_to_sign_in_and_back_to_the_product(client):
    product = ProductFactory()

    response = client.post(reverse("members:cart-add", args=[product.sku]), {"quantity": 1})

    product_url = reverse("members:product", args=[product.sku])
    assert response.status_code == 302
    assert response.url == f"{reverse('members:login')}?next={product_url}"


def test_cart_flags_a_product_pulled_after_it_was_added_and_disables_checkout(customer_client, customer):
    product = ProductFactory(title="Enamel kettle")
    add_to_cart(customer=customer, product=product, quantity=1)
    put_product_under_review(product=product)

    response = customer_client.get(reverse("members:cart"))

    assert "Enamel kettle is temporarily unavailable - under review." in page_text(response)
    assert 'disabled aria-describedby="checkout-blocked" data-testid="checkout"' in page_text(response)


def test_setting_a_cart_line_to_zero_removes_it(customer_client, customer):
    product = ProductFactory()
    add_to_cart(customer=customer, product=product, quantity=2)

    customer_client.post(reverse("members:cart-update", args=[product.sku]), {"quantity": 0})

    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_asking_for_more_than_the_stock_is_refused_with_a_message(customer_client, customer):
    product = ProductFactory(title="Tea tin", stock=3)
    add_to_cart(customer=customer, product=product, quantity=1)

    response = customer_client.post(reverse("members:cart-update", args=[product.sku]), {"quantity": 5}, follow=True)

    assert "Only 3 of Tea tin left in stock." in page_text(response)
    assert CartItem.objects.get(cart__customer=customer).quantity == 1


def test_remove_takes_the_product_out_of_the_cart(customer_client, customer):
    product = ProductFactory()
    add_to_cart(customer=customer, product=product, quantity=1)

    customer_client.post(reverse("members:cart-remove", args=[product.sku]))

    assert not CartItem.objects.filter(cart__customer=customer).exists()


# --- Checkout ------------------------------------------------------------------------------


def test_checkout_page_shows_the_test_cards_and_the_shipping_fee(customer_client, customer):
    add_to_cart(customer=customer, product=ProductFactory(price=Decimal("59.00")), quantity=1)

    response = customer_client.get(reverse("members:checkout"))

    assert "4242 4242 4242 4242" in page_text(response)
    assert "4000 0000 0000 0002" in page_text(response)
    assert "¥8.00" in page_text(response)
    assert "¥67.00" in page_text(response)


def test_checkout_with_the_good_card_creates_a_paid_order_and_empties_the_cart(customer_client, customer):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=2)

    response = customer_client.post(reverse("members:checkout"), {**SHIPPING, "card_number": "4242 4242 4242 4242"})

    order = Order.objects.get(customer=customer)
    assert order.status == Order.Status.PAID
    assert response.url == reverse("members:order-detail", args=[order.number])
    assert not CartItem.objects.filter(cart__customer=customer).exists()


def test_checkout_with_a_declined_card_shows_the_decline_and_restores_the_stock(customer_client, customer):
    product = ProductFactory(stock=10)
    add_to_cart(customer=customer, product=product, quantity=2)

    response = customer_client.post(reverse("members:checkout"), {**SHIPPING, "card_number": DECLINED_CARD})

    assert "The card was declined by the bank." in page_text(response)
    assert not Order.objects.filter(customer=customer, status=Order.Status.PAID).exists()
    assert stock_of(product) == 10
    assert CartItem.objects.filter(cart__customer=customer).exists()


def test_declined_checkout_keeps_the_address_but_does_not_echo_the_card_number(customer_client, customer):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)

    response = customer_client.post(reverse("members:checkout"), {**SHIPPING, "card_number": DECLINED_CARD})

    assert "88 Century Avenue, Shanghai" in page_text(response)
    assert DECLINED_CARD not in page_text(response)


def test_checkout_of_a_cart_holding_a_product_pulled_after_it_was_added_is_refused(customer_client, customer):
    product = ProductFactory(title="Enamel kettle", stock=10)
    add_to_cart(customer=customer, product=product, quantity=1)
    put_product_under_review(product=product)

    response = customer_client.post(reverse("members:checkout"), {**SHIPPING, "card_number": SUCCEEDING_CARD})

    assert "Enamel kettle is temporarily unavailable - under review." in page_text(response)
    assert not Order.objects.exists()
    assert stock_of(product) == 10


def test_checkout_form_shows_missing_fields_next_to_them(customer_client, customer):
    add_to_cart(customer=customer, product=ProductFactory(), quantity=1)

    response = customer_client.post(reverse("members:checkout"), {"card_number": "12"})

    assert page_text(response).count('class="field-error"') == 3
    assert not Order.objects.exists()


# --- Orders --------------------------------------------------------------------------------


def test_order_detail_shows_the_hold_reason_to_the_customer(customer_client, customer):
    order = OrderFactory(customer=customer, status=Order.Status.ON_HOLD, held_from=Order.Status.PAID,
                         hold_reason="We are inspecting this batch for a print defect.")

    response = customer_client.get(reverse("members:order-detail", args=[order.number]))

    assert "We are inspecting this batch for a print defect." in page_text(response)


def test_another_customers_order_is_not_found(customer_client):
    order = OrderFactory(customer=UserFactory(username="someone-else"))

    response = customer_client.get(reverse("members:order-detail", args=[order.number]))

    assert response.status_code == 404


def test_order_history_lists_only_the_customers_own_orders(customer_client, customer):
    mine = OrderFactory(customer=customer)
    theirs = OrderFactory(customer=UserFactory(username="someone-else"))

    response = customer_client.get(reverse("members:orders"))

    assert mine.number in page_text(response)
    assert theirs.number not in page_text(response)


def test_order_history_runs_the_same_queries_for_5_and_50_orders(customer_client, customer, django_assert_num_queries):
    OrderFactory.create_batch(5, customer=customer)
    with CaptureQueriesContext(connection) as five_orders:
        customer_client.get(reverse("members:orders"))
    OrderFactory.create_batch(45, customer=customer)
    with CaptureQueriesContext(connection) as fifty_orders:
        customer_client.get(reverse("members:orders"))

    assert len(five_orders) == len(fifty_orders)
    # Session, user, cart count, role groups, categories menu and subcategories,
    # order count, the page of orders, their lines with products.
    with django_assert_num_queries(9):
        customer_client.get(reverse("members:orders"))


def test_order_history_needs_sign_in(client):
    response = client.get(reverse("members:orders"))

    assert response.url.startswith(reverse("members:login"))


# --- Accounts and language -----------------------------------------------------------------


def test_sign_up_creates_the_account_and_signs_in(client):
    response = client.post(
        reverse("members:signup"),
        {"username": "newshopper", "email": "new@example.com", "password1": "a-long-Pass-phrase-9", "password2": "a-long-Pass-phrase-9"},
        follow=True,
    )

    assert response.context["user"].username == "newshopper"
    assert response.context["user"].email == "new@example.com"


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

