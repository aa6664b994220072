"""Product cards keep variants apart: the variant has its own line, the full name is in the title."""

import pytest
from django.urls import reverse
from django.utils import translation

from flywheel.factories import ProductFactory

pytestmark = pytest.mark.django_db

LONG = "Cloudwave Noise-Cancelling Over-Ear Wireless Headphones with Travel Case"


def catalog_text(client) -> str:
    return client.get(reverse("members:catalog")).content.decode()


def test_the_card_shows_the_variant_on_its_own_line(client):
    ProductFactory(title=f"{LONG} Blue", variant="Blue", stock=3)

    assert '<p class="product-card-variant" aria-hidden="true" data-testid="product-variant">Blue</p>' in catalog_text(client)


def test_the_card_keeps_the_full_name_in_its_title(client):
    ProductFactory(title=f"{LONG} Blue", variant="Blue", stock=3)

    assert f'title="{LONG} Blue"' in catalog_text(client)


def test_the_base_title_drops_the_variant_at_the_end():
    product = ProductFactory.build(title=f"{LONG} (2-Pack)", variant="2-Pack")

    assert product.display_base_title == LONG


def test_the_chinese_variant_is_shown_in_chinese():
    product = ProductFactory.build(title="Kettle Grey", title_zh="水壶 灰色", variant="Grey", variant_zh="灰色")

    with translation.override("zh-hans"):
        assert (product.display_base_title, product.display_variant) == ("水壶", "灰色")


def test_a_product_without_a_variant_shows_its_title_alone(client):
    ProductFactory(title="Plain teapot", stock=3)

    assert 'data-testid="product-variant"' not in catalog_text(client)
