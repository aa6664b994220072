"""The admin in Chinese speaks Django's own words: our catalogue's strings never replace them.

Our catalogue (LOCALE_PATHS) is read before Django's, so a context-free "Change" of ours (the
language switcher's 切换) used to turn the admin's edit links into 切换. Ambiguous words of ours
carry a context (pgettext) instead.
"""

import re

import pytest
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from flywheel.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_admin(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return admin_client


def _change_links(page: str) -> set[str]:
    return set(re.findall(r'class="changelink"[^>]*>([^<]+)</a>', page))


@pytest.mark.parametrize("where", [("admin:index", []), ("admin:app_list", ["flywheel"])], ids=["index", "app-index"])
def test_the_admins_change_links_say_djangos_word_not_the_language_switchers(chinese_admin, where):
    name, args = where

    page = chinese_admin.get(reverse(name, args=args)).content.decode()

    assert _change_links(page) == {"修改"}  # Django's translation of the admin's "Change"


def test_an_objects_history_in_the_admin_says_djangos_word_for_action_not_corrective_action(chinese_admin, admin_user):
    product = ProductFactory()
    LogEntry.objects.create(
        user=admin_user, content_type=ContentType.objects.get_for_model(product), object_id=str(product.pk),
        object_repr=str(product), action_flag=CHANGE, change_message="[]",
    )

    page = chinese_admin.get(reverse("admin:flywheel_product_history", args=[product.pk])).content.decode()

    assert re.findall(r'<th scope="col">(动作|措施)</th>', page) == ["动作"]  # Django's "Action", not our 措施
