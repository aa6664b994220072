"""A notification keeps what happened (its kind and parameters) and is written in the language its reader uses now."""

from datetime import datetime, timezone as dt_timezone

import pytest
from django.core import mail
from django.urls import reverse

from andon.pulls.notifications import announce_pull
from andon.pulls.services import pull_andon
from andon.work_orders.notifications import announce_work_order
from flywheel.factories import ProductFactory, SupplierFactory
from members.factories import UserFactory
from members.models import Notification, Profile
from members.notifications.kinds import in_each_language, moment
from members.notifications.services import notify
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

RELEASED_EN = "Your order A-1001 is on its way again"
RELEASED_ZH = "你的订单 A-1001 已恢复处理"


def inbox_text(client) -> str:
    return client.get(reverse("members:notifications")).content.decode()


def switch_language(client, code: str) -> None:
    client.post(reverse("set_language"), {"language": code, "next": "/"})


def tell_release(user) -> None:
    notify(recipients=[user], key="order-released:1", kind="order-released", params={"number": "A-1001", "reason": ""})


def test_a_notification_sent_in_english_is_read_in_chinese_after_the_switch(customer_client, customer):
    tell_release(customer)
    switch_language(customer_client, "zh-hans")

    text = inbox_text(customer_client)

    assert RELEASED_ZH in text and RELEASED_EN not in text


def test_switching_back_to_english_reads_it_in_english_again(customer_client, customer):
    tell_release(customer)
    switch_language(customer_client, "zh-hans")
    switch_language(customer_client, "en")

    text = inbox_text(customer_client)

    assert RELEASED_EN in text and RELEASED_ZH not in text


def test_the_row_stores_the_kind_and_parameters_and_the_words_as_first_sent(customer):
    tell_release(customer)

    note = Notification.objects.get(recipient=customer)
    assert (note.kind, note.params) == ("order-released", {"number": "A-1001", "reason": ""})
    assert note.subject == RELEASED_EN


def test_the_email_is_written_in_the_recipients_language_at_send_time(customer):
    customer.email = "mei@andon.example"
    customer.save()
    Profile.objects.create(user=customer, language="zh-hans")

    tell_release(customer)

    assert mail.outbox[0].subject == RELEASED_ZH


def test_a_product_title_in_the_parameters_follows_the_reader(client):
    vendor = UserFactory(username="chen", roles=["vendor_manager"])
    product = ProductFactory(stock=3, title="The Uncut Pages", title_zh="未裁切的书页", supplier=SupplierFactory(vendor_manager=vendor))
    pull = pull_andon(agent=UserFactory(username="agent", roles=["agent"]), complaint=ComplaintFactory(product=product), reason="Uncut").pull
    Notification.objects.all().delete()
    announce_pull(pull_id=pull.pk)
    client.force_login(vendor)

    english = inbox_text(client)
    switch_language(client, "zh-hans")
    chinese = inbox_text(client)

    assert f"Andon pull #{pull.pk}: {product.sku} The Uncut Pages stopped" in english
    assert f"安灯拉灯 #{pull.pk}：{product.sku} 未裁切的书页 已停止" in chinese


def test_a_due_time_is_written_the_readers_way(client):
    vendor = UserFactory(username="chen", roles=["vendor_manager"])
    product = ProductFactory(stock=3, supplier=SupplierFactory(vendor_manager=vendor))
    pull = pull_andon(agent=UserFactory(username="agent", roles=["agent"]), complaint=ComplaintFactory(product=product), reason="Uncut").pull
    work_order = pull.work_orders.get(department="supplier_management")
    Notification.objects.all().delete()
    announce_work_order(work_order_id=work_order.pk)
    client.force_login(vendor)

    switch_language(client, "zh-hans")
    chinese = inbox_text(client)

    assert "截止时间" in chinese and "年" in chinese and " due " not in chinese


def test_an_old_row_without_a_kind_shows_its_stored_words(customer_client, customer):
    Notification.objects.create(recipient=customer, key="old", subject="Written long ago", body="In English")
    switch_language(customer_client, "zh-hans")

    assert "Written long ago" in inbox_text(customer_client)


def test_callers_not_yet_converted_still_send_their_text(customer):
    notify(recipients=[customer], key="plain", subject=lambda: "Fixed text", body="Body")

    note = Notification.objects.get(recipient=customer)
    assert (note.kind, note.display_subject, note.display_body) == ("", "Fixed text", "Body")


def test_an_unregistered_kind_is_refused(customer):
    with pytest.raises(ValueError, match="no-such-kind"):
        notify(recipients=[customer], key="x", kind="no-such-kind")

    assert not Notification.objects.exists()


def test_a_time_parameter_is_written_in_the_active_language():
    from django.utils import translation

    from members.notifications.kinds import localized_params

    params = {"due": moment(datetime(2026, 12, 1, 18, 28, tzinfo=dt_timezone.utc))}
    with translation.override("zh-hans"):
        chinese = localized_params(params)["due"]
    english = localized_params(params)["due"]

    assert (english, chinese) == ("2 Dec 2026, 02:28", "2026年12月2日 02:28")


def test_a_per_language_parameter_picks_the_readers_text():
    from django.utils import translation

    from members.notifications.kinds import localized_params

    params = {"word": in_each_language(lambda: translation.gettext("Notifications"))}
    with translation.override("zh-hans"):
        chinese = localized_params(params)["word"]

    assert (localized_params(params)["word"], chinese) == ("Notifications", "通知")


@pytest.mark.parametrize("count", [5, 40])
def test_the_inbox_of_rendered_kinds_runs_the_same_queries_for_5_and_40(customer_client, customer, django_assert_num_queries, count):
    for number in range(count):
        notify(recipients=[customer], key=f"order-released:{number}", kind="order-released", params={"number": f"A-{number}", "reason": ""})
    # As for stored words (test_inbox): rendering a kind reads nothing more.
    with django_assert_num_queries(7):
        response = customer_client.get(reverse("members:notifications"))

    assert response.status_code == 200
