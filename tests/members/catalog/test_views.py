"""The catalog and product pages through their URLs, as a shopper uses them."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from flywheel.factories import CategoryFactory, ProductFactory
from flywheel.models import ListingState

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [ListingState.UNDER_REVIEW, ListingState.RETIRED, ListingState.DRAFT]


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
