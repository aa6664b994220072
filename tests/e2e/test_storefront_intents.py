"""A week at the front line, the storefront's side: what a shopper asks for is not lost.

Signed-out "add to cart" lands in the cart after sign-in; an unpaid order is paid from its page;
a member asks to be told when a pulled product returns. Screenshots in English and Chinese, at
1366 and 390 pixels; axe-core on each page it shows.
"""

import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from flywheel.factories import CategoryFactory, LotFactory, ProductFactory
from flywheel.models import ListingState
from members.cart.services import add_to_cart
from members.factories import DEMO_PASSWORD, UserFactory
from members.models import CartItem, Order, RestockRequest
from members.orders.services import ShippingDetails, place_order

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
SIZES = [("en", 1366), ("zh-hans", 390)]
ALL_SIZES = [("en", 1366), ("en", 390), ("zh-hans", 1366), ("zh-hans", 390)]


@pytest.fixture
def store(db):
    audio = CategoryFactory(slug="audio", name="Audio", name_zh="音频")
    headphones = ProductFactory(
        sku="AU-CLOUD-BLUE", title="Cloudwave Noise-Cancelling Over-Ear Headphones Blue", title_zh="云浪降噪头戴式耳机 蓝色",
        variant="Blue", variant_zh="蓝色", price=Decimal("399.00"), category=audio, stock=0,
    )
    LotFactory(product=headphones, quantity_received=6)
    pulled = ProductFactory(
        sku="AU-CLOUD-BLACK", title="Cloudwave Noise-Cancelling Over-Ear Headphones Black", title_zh="云浪降噪头戴式耳机 黑色",
        variant="Black", variant_zh="黑色", category=audio, listing_state=ListingState.UNDER_REVIEW,
    )
    return {"headphones": headphones, "pulled": pulled, "member": UserFactory(username="member")}


def new_page(browser, live_server, language: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    return context.new_page()


def sign_in_on_the_form(page) -> None:
    page.locator("#id_username").fill("member")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()


def blocking_violations(page) -> list[str]:
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations if v["impact"] in {"serious", "critical"}]


def snap(page, name: str, language: str, width: int) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"intents-{name}-{language}-{width}.png"), full_page=True)


@pytest.mark.parametrize(("language", "width"), ALL_SIZES)
def test_signed_out_add_to_cart_lands_in_the_cart_after_sign_in(browser, live_server, store, language, width):
    page = new_page(browser, live_server, language, width)
    page.goto(f"{live_server.url}/p/AU-CLOUD-BLUE/")
    page.locator("#quantity").fill("2")
    page.get_by_test_id("add-to-cart").click()

    expect(page.get_by_test_id("pending-add")).to_be_visible()
    snap(page, "sign-in-with-pending-add", language, width)
    found = blocking_violations(page)
    sign_in_on_the_form(page)

    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.get_by_test_id("cart-count")).to_have_text("2")
    snap(page, "cart-after-sign-in", language, width)
    assert (found, list(CartItem.objects.values_list("quantity", flat=True))) == ([], [2])


@pytest.mark.parametrize(("language", "width"), SIZES)
def test_a_member_pays_an_unpaid_order_from_its_page(browser, live_server, store, language, width):
    add_to_cart(customer=store["member"], product=store["headphones"], quantity=1)
    order = place_order(customer=store["member"], shipping=ShippingDetails(name="Li Mei", address="88 Century Avenue, Pudong, Shanghai"))
    page = new_page(browser, live_server, language, width)
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in_on_the_form(page)
    page.goto(f"{live_server.url}/orders/{order.number}/")

    expect(page.get_by_test_id("unpaid-order")).to_be_visible()
    snap(page, "unpaid-order", language, width)
    found = blocking_violations(page)
    page.locator("#id_card_number").fill("4242 4242 4242 4242")
    page.get_by_test_id("pay-order").click()

    expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", "paid")
    snap(page, "order-paid", language, width)
    assert (found, Order.objects.get(pk=order.pk).status) == ([], Order.Status.PAID)


@pytest.mark.parametrize(("language", "width"), ALL_SIZES)
def test_a_member_asks_to_be_told_when_a_pulled_product_returns(browser, live_server, store, language, width):
    page = new_page(browser, live_server, language, width)
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in_on_the_form(page)
    page.goto(f"{live_server.url}/p/AU-CLOUD-BLACK/")
    found = blocking_violations(page)

    page.get_by_test_id("restock-ask").click()

    expect(page.get_by_test_id("restock-waiting")).to_be_visible()
    snap(page, "back-in-stock-requested", language, width)
    found += blocking_violations(page)
    assert (found, RestockRequest.objects.filter(product=store["pulled"]).count()) == ([], 1)


@pytest.mark.parametrize(("language", "width"), SIZES)
def test_the_catalog_tells_the_variants_apart_and_the_address_book_is_accessible(browser, live_server, store, language, width):
    ProductFactory(sku="AU-CLOUD-WHITE", title="Cloudwave Noise-Cancelling Over-Ear Headphones White", title_zh="云浪降噪头戴式耳机 白色",
                   variant="White", variant_zh="白色", category=store["headphones"].category, stock=3)
    page = new_page(browser, live_server, language, width)
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in_on_the_form(page)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("product-variant")).to_have_count(2)
    snap(page, "catalog-variants", language, width)
    found = blocking_violations(page)

    page.goto(f"{live_server.url}/account/addresses/")
    page.locator("#id_label").fill("Home")
    page.locator("#id_name").fill("Li Mei")
    page.locator("#id_address").fill("88 Century Avenue, Pudong, Shanghai")
    page.get_by_test_id("save-address").click()

    expect(page.get_by_test_id("saved-address")).to_have_count(1)
    snap(page, "address-book", language, width)
    found += blocking_violations(page)
    assert found == []
