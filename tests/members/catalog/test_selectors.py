"""What the storefront shows: only listed products, found by search and category, with real stock."""

from decimal import Decimal

import pytest

from flywheel.factories import CategoryFactory, LotFactory, ProductFactory
from flywheel.models import ListingState, Product
from members.catalog.selectors import catalog_products, stock_of, with_stock, with_stock_for_page

pytestmark = pytest.mark.django_db


def skus(products) -> list[str]:
    return [product.sku for product in products]


@pytest.mark.parametrize("state", [ListingState.UNDER_REVIEW, ListingState.RETIRED, ListingState.DRAFT])
def test_the_catalog_leaves_out_products_that_are_not_listed(state):
    listed = ProductFactory(sku="LISTED-1")
    ProductFactory(sku="HIDDEN-1", listing_state=state)

    assert skus(catalog_products()) == [listed.sku]


@pytest.mark.parametrize("state", [ListingState.UNDER_REVIEW, ListingState.RETIRED, ListingState.DRAFT])
def test_search_never_finds_a_product_that_is_not_listed(state):
    ProductFactory(sku="HIDDEN-1", title="Uncut book", listing_state=state)

    assert skus(catalog_products(query="Uncut book")) == []
    assert skus(catalog_products(query="HIDDEN-1")) == []


def test_search_matches_the_english_title_in_any_case():
    book = ProductFactory(title="The Everything Store")
    ProductFactory(title="Tea set")

    assert skus(catalog_products(query="everything store")) == [book.sku]


def test_search_matches_the_chinese_title():
    book = ProductFactory(title="The Everything Store", title_zh="一网打尽")
    ProductFactory(title="Tea set", title_zh="茶具")

    assert skus(catalog_products(query="网打")) == [book.sku]


def test_search_matches_an_exact_sku_in_any_case():
    wanted = ProductFactory(sku="BK-2013-01")
    ProductFactory(sku="BK-2013-02")

    assert skus(catalog_products(query="bk-2013-01")) == [wanted.sku]


def test_search_does_not_match_part_of_a_sku():
    ProductFactory(sku="BK-2013-01")

    assert skus(catalog_products(query="BK-2013")) == []


def test_a_blank_search_shows_the_whole_catalog():
    products = [ProductFactory(), ProductFactory()]

    assert sorted(skus(catalog_products(query="   "))) == sorted(skus(products))


def test_the_category_filter_includes_products_of_child_categories():
    books = CategoryFactory(slug="books")
    business = CategoryFactory(slug="business-books", parent=books)
    kitchen = CategoryFactory(slug="kitchen")
    on_shelf = ProductFactory(sku="BOOK-TOP", category=books)
    in_child = ProductFactory(sku="BOOK-CHILD", category=business)
    ProductFactory(sku="KETTLE", category=kitchen)

    assert sorted(skus(catalog_products(category=books))) == sorted([on_shelf.sku, in_child.sku])


def test_the_category_filter_on_a_child_leaves_out_its_parent_and_siblings():
    books = CategoryFactory(slug="books")
    business = CategoryFactory(slug="business-books", parent=books)
    fiction = CategoryFactory(slug="fiction", parent=books)
    in_business = ProductFactory(category=business)
    ProductFactory(category=books)
    ProductFactory(category=fiction)

    assert skus(catalog_products(category=business)) == [in_business.sku]


def test_search_and_category_filter_combine():
    books = CategoryFactory(slug="books")
    wanted = ProductFactory(title="Working Backwards", category=books)
    ProductFactory(title="Working Backwards mug")
    ProductFactory(title="Tea set", category=books)

    assert skus(catalog_products(query="working backwards", category=books)) == [wanted.sku]


@pytest.fixture
def three_prices():
    return [ProductFactory(sku=f"P-{price}", price=Decimal(price)) for price in ("25.00", "199.00", "8.50")]


def test_sorting_by_price_puts_the_cheapest_first(three_prices):
    assert skus(catalog_products(sort="price")) == ["P-8.50", "P-25.00", "P-199.00"]


def test_sorting_by_price_descending_puts_the_dearest_first(three_prices):
    assert skus(catalog_products(sort="-price")) == ["P-199.00", "P-25.00", "P-8.50"]


def test_an_unknown_sort_falls_back_to_newest_first(three_prices):
    assert skus(catalog_products(sort="drop table")) == skus(catalog_products(sort="new"))


def test_a_catalog_page_carries_its_stock_without_blocked_lots():
    product, empty = ProductFactory(stock=7), ProductFactory(stock=0)
    LotFactory(product=product, quantity_received=4, blocked=True)

    page = with_stock_for_page(catalog_products().filter(pk__in=[product.pk, empty.pk]))

    assert {row.pk: row.stock for row in page} == {product.pk: 7, empty.pk: 0}


def test_an_empty_page_needs_no_stock_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert with_stock_for_page([]) == []


def test_with_stock_ignores_blocked_lots():
    product = ProductFactory(stock=5)
    LotFactory(product=product, quantity_received=7, blocked=True)

    assert with_stock(Product.objects.filter(pk=product.pk)).get().stock == 5


def test_with_stock_is_zero_when_every_lot_is_blocked():
    product = ProductFactory(stock=0)
    LotFactory(product=product, quantity_received=7, blocked=True)

    assert with_stock(Product.objects.filter(pk=product.pk)).get().stock == 0


def test_with_stock_adds_up_every_open_lot():
    product = ProductFactory(stock=3)
    LotFactory(product=product, quantity_received=4)

    assert with_stock(Product.objects.filter(pk=product.pk)).get().stock == 7


def test_stock_of_ignores_blocked_lots():
    product = ProductFactory(stock=5)
    LotFactory(product=product, quantity_received=7, blocked=True)

    assert stock_of(product) == 5


def test_a_catalog_page_is_read_in_two_queries(django_assert_num_queries):
    for _ in range(5):
        ProductFactory()

    with django_assert_num_queries(2):
        rows = [(product.display_title, product.category.display_name, product.stock) for product in with_stock_for_page(catalog_products())]

    assert len(rows) == 5
