"""A signed-in user's language switch is remembered, and background notifications are written in it."""

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from andon.pulls.notifications import announce_pull
from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory, SupplierFactory
from members.factories import OrderFactory, UserFactory
from members.orders.jobs import tell_customers_about_hold
from members.models import Notification, Order, Profile
from members.notifications.services import notify
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def test_switching_language_signed_in_remembers_it(client):
    user = UserFactory(username="mei")
    client.force_login(user)

    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert Profile.objects.get(user=user).language == "zh-hans"


def test_switching_language_anonymously_or_to_an_unknown_one_stores_nothing(client):
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    client.force_login(UserFactory(username="mei"))
    client.post("/i18n/setlang/", {"language": "tlh", "next": "/"})

    assert not Profile.objects.exists()


def test_each_owner_is_told_of_a_pull_in_their_own_language():
    vendor = UserFactory(username="chen", roles=["vendor_manager"], email="chen@andon.example")
    warehouse = UserFactory(username="zhao", roles=["warehouse"], email="zhao@andon.example")
    Profile.objects.create(user=vendor, language="zh-hans")
    product = ProductFactory(stock=3, title="The Uncut Pages", title_zh="未裁切的书页", supplier=SupplierFactory(vendor_manager=vendor))
    pull = pull_andon(agent=UserFactory(username="agent", roles=["agent"]), complaint=ComplaintFactory(product=product), reason="Uncut").pull
    Notification.objects.all().delete()
    mail.outbox.clear()

    assert announce_pull(pull_id=pull.pk) == 2

    subjects = dict(Notification.objects.values_list("recipient__username", "subject"))
    assert "未裁切的书页" in subjects["chen"] and "stopped" not in subjects["chen"]
    assert subjects["zhao"] == f"Andon pull #{pull.pk}: {product.sku} The Uncut Pages stopped"
    assert {message.to[0]: message.subject for message in mail.outbox}["chen@andon.example"] == subjects["chen"]


def test_a_customer_who_chose_chinese_gets_the_hold_reason_and_its_notice_in_chinese(django_capture_on_commit_callbacks):
    product = ProductFactory(stock=3, title="The Uncut Pages", title_zh="未裁切的书页")
    order = OrderFactory(status=Order.Status.PAID, lines=[(product, 1)], language="en")
    Profile.objects.create(user=order.customer, language="zh-hans")

    with django_capture_on_commit_callbacks(execute=True):
        pull_andon(agent=UserFactory(username="agent", roles=["agent"]), complaint=ComplaintFactory(product=product), reason="Uncut")

    order.refresh_from_db()
    notice = Notification.objects.get(recipient=order.customer, key=f"order-held:{order.pk}")
    assert "未裁切的书页" in order.hold_reason and "quality check" not in order.hold_reason
    assert order.hold_reason in notice.body and "before it ships" not in notice.body
    assert order.number in notice.subject and "on hold" not in notice.subject


def test_telling_many_customers_reads_their_languages_with_the_orders():
    orders = [OrderFactory(status=Order.Status.ON_HOLD, language="en") for _ in range(5)]
    Profile.objects.create(user=orders[0].customer, language="zh-hans")

    with CaptureQueriesContext(connection) as queries:
        tell_customers_about_hold(order_ids=[order.pk for order in orders])

    reading_languages = [query["sql"] for query in queries.captured_queries if "members_profile" in query["sql"]]
    assert len(reading_languages) == 1 and "members_order" in reading_languages[0]
    assert Notification.objects.filter(key__startswith="order-held:").count() == 5


def test_plain_text_is_sent_as_it_is_to_everyone():
    user = UserFactory(username="li")
    Profile.objects.create(user=user, language="zh-hans")

    notify(recipients=[user], key="plain", subject="Fixed text", body="Body")

    assert Notification.objects.get(recipient=user).subject == "Fixed text"


def test_signing_in_brings_back_the_chosen_language(client):
    user = UserFactory(username="mei")
    Profile.objects.create(user=user, language="zh-hans")

    response = client.post("/accounts/login/", {"username": "mei", "password": "andon-demo"})
    page = client.get("/")

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert page.headers["Content-Language"] == "zh-hans"


def test_signing_in_without_a_choice_leaves_the_language_alone(client):
    UserFactory(username="li")

    response = client.post("/accounts/login/", {"username": "li", "password": "andon-demo"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_a_variant_of_a_language_code_is_stored_as_the_language_it_stands_for(client):
    user = UserFactory(username="mei")
    Profile.objects.create(user=user, language="zh-hans")
    client.force_login(user)

    client.post("/i18n/setlang/", {"language": "en-us", "next": "/"})

    assert Profile.objects.get(user=user).language == "en"
