"""A signed-in user's language switch is remembered, and background notifications are written in it."""

import pytest
from django.conf import settings
from django.core import mail

from andon.notifications import announce_pull
from andon.services import pull_andon
from flywheel.factories import ProductFactory, SupplierFactory
from members.factories import OrderFactory, UserFactory
from members.jobs import tell_customers_about_hold
from members.models import Notification, Order, Profile
from members.notifications import notify
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


def test_a_customers_chosen_language_wins_over_the_orders():
    order = OrderFactory(status=Order.Status.ON_HOLD, language="en")
    Profile.objects.create(user=order.customer, language="zh-hans")

    tell_customers_about_hold(order_ids=[order.pk])

    subject = Notification.objects.get(recipient=order.customer).subject
    assert order.number in subject and "on hold" not in subject


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
