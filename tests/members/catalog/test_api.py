from decimal import Decimal

import pytest

from flywheel.factories import CategoryFactory, LotFactory, ProductFactory
from flywheel.models import ListingState

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/products/"


def skus(response) -> set[str]:
    return {item["sku"] for item in response.json()["results"]}


def test_product_list_shows_listed_products_only(api_client):
    listed = ProductFactory(sku="LISTED-1")
    ProductFactory(sku="PULLED-1", listing_state=ListingState.UNDER_REVIEW)
    ProductFactory(sku="RETIRED-1", listing_state=ListingState.RETIRED)
    ProductFactory(sku="DRAFT-1", listing_state=ListingState.DRAFT)

    response = api_client.get(PRODUCTS)

    assert response.status_code == 200
    assert skus(response) == {listed.sku}


def test_product_list_item_carries_price_stock_and_buyable(api_client):
    category = CategoryFactory(slug="books")
    ProductFactory(sku="BOOK-1", title="Tea", title_zh="茶", price=Decimal("42.50"), category=category, stock=7)

    item = api_client.get(PRODUCTS).json()["results"][0]

    assert item == {
        "sku": "BOOK-1",
        "title": "Tea",
        "title_zh": "茶",
        "description": "A sturdy, well-reviewed item.",
        "description_zh": "结实耐用，口碑良好。",
        "price": "42.50",
        "currency": "CNY",
        "category": "books",
        "listing_state": "listed",
        "stock": 7,
        "buyable": True,
    }


def test_sold_out_product_is_listed_but_not_buyable(api_client):
    ProductFactory(sku="GONE-1", stock=0)

    item = api_client.get(PRODUCTS).json()["results"][0]

    assert (item["stock"], item["buyable"]) == (0, False)


def test_blocked_lot_does_not_count_as_stock(api_client):
    product = ProductFactory(sku="HELD-1", stock=3)
    LotFactory(product=product, quantity_received=10, blocked=True)

    item = api_client.get(PRODUCTS).json()["results"][0]

    assert item["stock"] == 3


def test_product_list_searches_titles(api_client):
    ProductFactory(sku="TEA-1", title="Green tea")
    ProductFactory(sku="MUG-1", title="Mug")

    response = api_client.get(PRODUCTS, {"q": "tea"})

    assert skus(response) == {"TEA-1"}


def test_product_list_filters_by_category_slug_including_subcategories(api_client):
    kitchen = CategoryFactory(slug="kitchen")
    ProductFactory(sku="POT-1", category=CategoryFactory(slug="pots", parent=kitchen))
    ProductFactory(sku="PEN-1", category=CategoryFactory(slug="office"))

    response = api_client.get(PRODUCTS, {"category": "kitchen"})

    assert skus(response) == {"POT-1"}


def test_product_list_sorts_by_price(api_client):
    ProductFactory(sku="DEAR-1", price=Decimal("90.00"))
    ProductFactory(sku="CHEAP-1", price=Decimal("10.00"))

    response = api_client.get(PRODUCTS, {"sort": "price"})

    assert [item["sku"] for item in response.json()["results"]] == ["CHEAP-1", "DEAR-1"]


def test_unknown_category_is_a_400_naming_the_field(api_client):
    response = api_client.get(PRODUCTS, {"category": "no-such-thing"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "category" in response.json()["errors"]
    assert response.json()["detail"].startswith("category: ")


def test_a_category_with_a_nul_character_is_a_400_not_a_database_error(api_client):
    # PostgreSQL refuses NUL in a query: the lookup itself was a 500 there.
    response = api_client.get(PRODUCTS, {"category": "books\x00"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"category": ["Null characters are not allowed."]}


def test_unknown_sort_is_a_400(api_client):
    response = api_client.get(PRODUCTS, {"sort": "popularity"})

    assert response.status_code == 400
    assert "sort" in response.json()["errors"]


def test_page_past_the_end_is_a_404_json(api_client):
    response = api_client.get(PRODUCTS, {"page": 9})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("count", [5, 50])
def test_product_list_query_count_does_not_grow_with_products(api_client, django_assert_num_queries, count):
    for product in ProductFactory.create_batch(count):
        LotFactory(product=product)  # a second lot: stock is summed in SQL, not per row

    # One COUNT for the paginator, one SELECT with category joined, one sum of the page's stock.
    with django_assert_num_queries(3):
        response = api_client.get(PRODUCTS)

    assert response.json()["count"] == count


def test_product_detail_of_a_pulled_product_says_under_review_and_not_buyable(api_client):
    ProductFactory(sku="PULLED-2", listing_state=ListingState.UNDER_REVIEW, stock=12)

    response = api_client.get(f"{PRODUCTS}PULLED-2/")

    assert response.status_code == 200
    assert response.json()["listing_state"] == "under_review"
    assert response.json()["buyable"] is False
    assert response.json()["stock"] == 12


def test_product_detail_of_a_draft_is_a_404_json(api_client):
    ProductFactory(sku="DRAFT-2", listing_state=ListingState.DRAFT)

    response = api_client.get(f"{PRODUCTS}DRAFT-2/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No product with this SKU.", "code": "not_found"}


def test_product_detail_of_an_unknown_sku_is_a_404_json(api_client):
    response = api_client.get(f"{PRODUCTS}NOPE-0/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_product_detail_takes_one_query(api_client, django_assert_num_queries):
    ProductFactory(sku="ONE-1")

    with django_assert_num_queries(1):
        response = api_client.get(f"{PRODUCTS}ONE-1/")

    assert response.status_code == 200


def test_categories_are_listed_with_their_parent_slug(api_client, django_assert_num_queries):
    home = CategoryFactory(slug="home", position=1)
    CategoryFactory(slug="lamps", parent=home)

    with django_assert_num_queries(1):
        response = api_client.get("/api/v1/categories/")

    assert [(row["slug"], row["parent"]) for row in response.json()] == [("home", None), ("lamps", "home")]
