"""The demo's products look like products: a drawn packshot per (subcategory, colour), shared, small, the same every run."""

from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from andon.demo.images import draw_packshot, packshot_path
from flywheel.models import Product

pytestmark = pytest.mark.django_db

SMALL = {"products": 24, "orders": 10, "customers": 4}


@pytest.fixture
def demo_products(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=StringIO(), **SMALL)
    return Product.objects.all()


def test_every_demo_product_has_a_picture(demo_products):
    assert demo_products.filter(image="").count() == 0


def test_products_of_one_subcategory_and_colour_share_one_file(demo_products):
    files = set(demo_products.values_list("image", flat=True))

    assert len(files) < demo_products.count()


def test_a_picture_is_a_small_webp(demo_products):
    name = demo_products.first().image.name

    with default_storage.open(name) as picture, Image.open(picture) as image:
        assert (image.format, default_storage.size(name) < 8_000) == ("WEBP", True)


def test_the_drawing_is_the_same_every_time():
    assert draw_packshot(subcategory="audio", colour=(44, 98, 176)) == draw_packshot(subcategory="audio", colour=(44, 98, 176))


def test_a_colour_variant_gets_a_picture_in_its_colour():
    assert packshot_path(subcategory="audio", variant="Blue") != packshot_path(subcategory="audio", variant="Black")


def test_demo_products_name_their_variant(demo_products):
    assert demo_products.exclude(variant="").exists()
