"""flywheel.links: every link in a message that leaves the site starts with SITE_URL."""

import pytest
from django.test import override_settings

from flywheel.links import absolute_url, site_parts


@override_settings(SITE_URL="https://shop.example.com")
def test_a_site_path_becomes_a_whole_address():
    assert absolute_url("/orders/26113000034237/") == "https://shop.example.com/orders/26113000034237/"


@override_settings(SITE_URL="https://shop.example.com/")
def test_a_trailing_slash_on_the_site_address_gives_no_double_slash():
    assert absolute_url("/work/7/") == "https://shop.example.com/work/7/"


@override_settings(SITE_URL="https://shop.example.com")
def test_an_address_that_is_already_whole_is_kept():
    assert absolute_url("https://pay.example.net/receipt/1") == "https://pay.example.net/receipt/1"


@pytest.mark.parametrize("path", ["orders/1/", "", "//evil.example/x"])
def test_anything_but_a_site_path_is_refused(path):
    with pytest.raises(ValueError, match="not a site path"):
        absolute_url(path)


@override_settings(SITE_URL="https://shop.example.com:8443")
def test_the_password_reset_is_named_by_the_site_address():
    assert site_parts() == ("https", "shop.example.com:8443")
