"""A member browses the catalog and buys; a product under review shows as unavailable."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from flywheel.factories import CategoryFactory, ProductFactory
from flywheel.models import ListingState
from members.factories import UserFactory
from members.models import Order

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def store(db):
    books = CategoryFactory(slug="books", name="Books", name_zh="图书")
    return {
        "book": ProductFactory(sku="BK-RIVER", title="The Silent River", title_zh="寂静的河", price=Decimal("49.00"), category=books, stock=3),
        "lamp": ProductFactory(sku="HM-LAMP", title="Paper Lantern Lamp", price=Decimal("89.00"), category=books),
        "pulled": ProductFactory(
            sku="BK-UNCUT", title="Pages Uncut Atlas", category=books, listing_state=ListingState.UNDER_REVIEW
        ),
        "member": UserFactory(username="member"),
    }


def test_a_member_finds_a_book_and_buys_it(page, live_server, store, screenshot):
    page.goto(live_server.url)
    expect(page.get_by_test_id("product-card")).to_have_count(2)  # the pulled atlas is not listed
    screenshot("01-catalog")

    page.get_by_role("searchbox").fill("Silent")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("product-card")).to_have_count(1)
    page.get_by_test_id("product-card").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/p/BK-RIVER/$"))

    page.get_by_test_id("add-to-cart").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))  # visitors sign in first; the add waits for them
    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill("andon-demo")
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.get_by_test_id("cart-count")).to_have_text("1")

    page.get_by_test_id("checkout").click()
    page.get_by_label("Recipient name").fill("Mei Lin")
    page.get_by_label("Shipping address").fill("88 Century Avenue, Pudong, Shanghai")
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    screenshot("02-checkout")
    page.get_by_test_id("place-order").click()

    expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", "paid")
    screenshot("03-order-paid")
    order = Order.objects.get(customer=store["member"])
    assert (order.status, order.total) == (Order.Status.PAID, Decimal("57.00"))  # 49 + 8 shipping


def test_a_declined_card_keeps_the_cart_and_says_why(page, live_server, store, screenshot, sign_in):
    sign_in("member")
    page.goto(f"{live_server.url}/p/HM-LAMP/")
    page.get_by_test_id("add-to-cart").click()
    page.goto(f"{live_server.url}/checkout/")
    page.get_by_label("Recipient name").fill("Mei Lin")
    page.get_by_label("Shipping address").fill("88 Century Avenue, Pudong, Shanghai")
    page.get_by_label("Card number").fill("4000 0000 0000 0002")
    page.get_by_test_id("place-order").click()

    expect(page.get_by_test_id("messages")).to_contain_text("declined")
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    screenshot("04-card-declined")
    assert not Order.objects.filter(status=Order.Status.PAID).exists()


def test_a_product_under_review_shows_unavailable_with_no_buy_button(page, live_server, store, screenshot, sign_in):
    sign_in("member")
    page.goto(f"{live_server.url}/p/BK-UNCUT/")

    expect(page.get_by_test_id("unavailable")).to_contain_text("under review")
    expect(page.get_by_test_id("add-to-cart")).to_have_count(0)
    screenshot("05-under-review")

    page.goto(f"{live_server.url}/?q=Uncut")
    expect(page.get_by_test_id("product-card")).to_have_count(0)


def test_the_store_speaks_chinese(page, live_server, store, screenshot):
    page.goto(live_server.url)
    with page.expect_navigation():
        page.locator("#language-select").select_option("zh-hans")

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_test_id("product-grid")).to_contain_text("寂静的河")
    screenshot("06-chinese")
