"""The send-back on the page, in the admin and the API; the follow-up of customers whose orders had shipped."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from andon.models import FollowedUpCustomer, ShippedFollowUp, WorkOrder
from andon.work_orders.services import NothingToTell, NotYourDepartment, follow_up_shipped_orders, resolve_work_order, start_work_order
from andon.pulls.services import pull_andon
from flywheel.factories import PartnerFactory
from tickets.factories import IssueCodeFactory
from flywheel.models import AuditEvent
from members.factories import OrderFactory, UserFactory
from members.models import Coupon, Notification, Order, Profile

pytestmark = pytest.mark.django_db

Kind, Outcome, State = WorkOrder.Kind, WorkOrder.Outcome, WorkOrder.State


def _warehouse(pull) -> WorkOrder:
    return pull.work_orders.get(kind=Kind.WAREHOUSE)


def _resolved_warehouse(pull, people) -> WorkOrder:
    warehouse = _warehouse(pull)
    start_work_order(work_order=warehouse, actor=people["warehouse"])
    return resolve_work_order(work_order=warehouse, actor=people["warehouse"], outcome=Outcome.NO_DEFECT)


def _state(work_order) -> str:
    return WorkOrder.objects.get(pk=work_order.pk).state


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _shipped_to(product, username: str, *, language: str = "en", chosen: str | None = None) -> Order:
    customer = UserFactory(username=username, email=f"{username}@example.com")
    if chosen:
        Profile.objects.update_or_create(user=customer, defaults={"language": chosen})
    return OrderFactory(customer=customer, status=Order.Status.SHIPPED, language=language, lines=[(product, 1)])


# --- Send back: the page, the admin, the API --------------------------------------------------------


def test_quality_sends_back_from_the_page_and_the_department_sees_why(client, people, pull):
    warehouse = _resolved_warehouse(pull, people)
    client.force_login(people["quality"])

    response = client.post(reverse("work:transition", args=[warehouse.pk, "send-back"]), {"reason": "Open every carton"}, follow=True)

    assert _state(warehouse) == State.IN_PROGRESS
    assert any("back with its department" in message for message in _messages(response))
    client.force_login(people["warehouse"])
    html = client.get(reverse("work:work-order", args=[warehouse.pk])).content.decode()
    assert re.search(r'data-testid="wo-sent-back-reason">Open every carton<', html)
    assert 'data-testid="wo-resolve-form"' in html


def test_sending_back_without_a_reason_shows_the_form_again(client, people, pull):
    warehouse = _resolved_warehouse(pull, people)
    client.force_login(people["quality"])

    response = client.post(reverse("work:transition", args=[warehouse.pk, "send-back"]), {"reason": ""})

    assert response.status_code == 400
    assert 'data-testid="wo-send-back-form"' in response.content.decode()
    assert _state(warehouse) == State.RESOLVED


def test_sending_back_an_open_work_order_from_the_page_is_a_message_not_an_error(client, people, pull):
    warehouse = _warehouse(pull)
    client.force_login(people["quality"])

    response = client.post(reverse("work:transition", args=[warehouse.pk, "send-back"]), {"reason": "Too early"}, follow=True)

    assert response.status_code == 409
    assert _state(warehouse) == State.OPEN


def test_only_quality_sees_the_send_back_form(client, people, pull):
    warehouse = _resolved_warehouse(pull, people)
    page = reverse("work:work-order", args=[warehouse.pk])

    client.force_login(people["warehouse"])
    assert 'data-testid="wo-send-back-form"' not in client.get(page).content.decode()
    client.force_login(people["quality"])
    assert 'data-testid="wo-send-back-form"' in client.get(page).content.decode()


def test_the_admin_action_sends_back_with_a_reason(client, people, pull):
    warehouse = _resolved_warehouse(pull, people)
    user = UserFactory(username="quality-admin", is_staff=True, roles=["quality"])
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_workorder", "change_workorder"]))
    client.force_login(user)

    client.post(
        reverse("admin:andon_workorder_changelist"),
        {"action": "send_back_selected", "_selected_action": [warehouse.pk], "apply": "1", "reason": "Photos missing"},
        follow=True,
    )

    assert (_state(warehouse), WorkOrder.objects.get(pk=warehouse.pk).send_back_reason) == (State.IN_PROGRESS, "Photos missing")


def test_the_api_sends_back_and_the_work_order_leaves_qualitys_queue(api, people, pull):
    warehouse = _resolved_warehouse(pull, people)
    url = f"/api/v1/work-orders/{warehouse.pk}/send-back/"

    first = api["quality"].post(url, {"reason": "Recount the lot"}, format="json")
    again = api["quality"].post(url, {"reason": "Recount the lot"}, format="json")

    assert (first.status_code, first.json()["state"], first.json()["send_back_reason"]) == (200, "in_progress", "Recount the lot")
    assert again.status_code == 404  # back in the warehouse's queue, out of quality's


def test_the_api_answers_409_to_sending_back_a_work_order_that_is_not_resolved(api, people):
    partner = PartnerFactory(partner_manager=people["partner_manager"])
    pull = pull_andon(agent=people["agent"], target=partner, issue_code=IssueCodeFactory(code="rude-service"), reason="Rude").pull
    acceptance = pull.work_orders.get(kind=Kind.ACCEPTANCE)  # quality's own department: in its queue while open

    response = api["quality"].post(f"/api/v1/work-orders/{acceptance.pk}/send-back/", {"reason": "Not yet"}, format="json")

    assert response.status_code == 409
    assert _state(acceptance) == State.OPEN


def test_the_api_refuses_a_send_back_by_the_department_with_403(api, people, pull):
    warehouse = _resolved_warehouse(pull, people)

    response = api["warehouse"].post(f"/api/v1/work-orders/{warehouse.pk}/send-back/", {"reason": "Mine is fine"}, format="json")

    assert response.status_code == 403
    assert _state(warehouse) == State.RESOLVED


# --- Shipped orders: the follow-up ---------------------------------------------------------------


def test_the_follow_up_tells_each_shipped_customer_in_their_language(people, pull, product, django_capture_on_commit_callbacks):
    english = _shipped_to(product, "reader-en", language="en")
    chinese = _shipped_to(product, "reader-zh", language="zh-hans")
    chose_chinese = _shipped_to(product, "reader-chose-zh", language="en", chosen="zh-hans")

    with django_capture_on_commit_callbacks(execute=True):
        follow_up_shipped_orders(work_order=_warehouse(pull), actor=people["warehouse"])

    notices = {n.recipient.username: n for n in Notification.objects.filter(key__startswith="shipped-follow-up:").select_related("recipient")}
    assert set(notices) == {"reader-en", "reader-zh", "reader-chose-zh"}
    assert english.number in notices["reader-en"].body and "If yours shows a problem" in notices["reader-en"].body
    assert chinese.number in notices["reader-zh"].body and "问题" in notices["reader-zh"].body
    assert "问题" in notices["reader-chose-zh"].body
    assert notices["reader-en"].link == reverse("members:order-detail", args=[english.number])


def test_the_follow_up_with_a_coupon_gives_each_customer_one_and_names_it(people, pull, product, django_capture_on_commit_callbacks):
    order = _shipped_to(product, "reader")

    with django_capture_on_commit_callbacks(execute=True):
        follow_up_shipped_orders(work_order=_warehouse(pull), actor=people["warehouse"], coupon_amount=Decimal("10.00"))

    coupon = Coupon.objects.get(customer=order.customer)
    assert coupon.amount == Decimal("10.00")
    assert coupon.code in Notification.objects.get(recipient=order.customer, key__startswith="shipped-follow-up:").body


def test_a_second_follow_up_tells_nobody_twice_and_says_so(people, pull, product, django_capture_on_commit_callbacks):
    _shipped_to(product, "reader")
    warehouse = _warehouse(pull)
    with django_capture_on_commit_callbacks(execute=True):
        follow_up_shipped_orders(work_order=warehouse, actor=people["warehouse"], coupon_amount=Decimal("5.00"))

    with pytest.raises(NothingToTell, match="told already"):
        follow_up_shipped_orders(work_order=warehouse, actor=people["warehouse"], coupon_amount=Decimal("5.00"))

    assert Notification.objects.filter(key__startswith="shipped-follow-up:").count() == 1
    assert Coupon.objects.count() == 1


def test_a_later_follow_up_tells_only_the_customers_not_told_yet(people, pull, product):
    _shipped_to(product, "first-reader")
    warehouse = _warehouse(pull)
    follow_up_shipped_orders(work_order=warehouse, actor=people["warehouse"])
    _shipped_to(product, "later-reader")

    second = follow_up_shipped_orders(work_order=warehouse, actor=people["warehouse"])

    assert second.customers_told == 1
    assert list(second.customers.values_list("customer__username", flat=True)) == ["later-reader"]


def test_the_follow_up_is_recorded_and_audited(people, pull, product):
    _shipped_to(product, "reader-one")
    _shipped_to(product, "reader-two")

    follow_up = follow_up_shipped_orders(work_order=_warehouse(pull), actor=people["warehouse"], coupon_amount=Decimal("5.00"))

    recorded = ShippedFollowUp.objects.get(pk=follow_up.pk)
    assert (recorded.sent_by, recorded.customers_told, recorded.coupon_amount) == (people["warehouse"], 2, Decimal("5.00"))
    assert AuditEvent.objects.get(action="follow_up_shipped").note == "2 customers told, coupon 5.00 CNY each"


def test_customers_whose_orders_are_held_are_not_followed_up(people, pull, product):
    _shipped_to(product, "reader")

    follow_up_shipped_orders(work_order=_warehouse(pull), actor=people["warehouse"])

    assert list(FollowedUpCustomer.objects.values_list("customer__username", flat=True)) == ["reader"]


def test_a_coupon_above_the_ceiling_is_refused_and_nobody_is_told(people, pull, product, settings):
    settings.SHIPPED_FOLLOW_UP_COUPON_MAX = Decimal("20.00")
    _shipped_to(product, "reader")

    with pytest.raises(Exception, match="at most"):
        follow_up_shipped_orders(work_order=_warehouse(pull), actor=people["warehouse"], coupon_amount=Decimal("20.01"))

    assert FollowedUpCustomer.objects.count() == 0


def test_the_vendor_manager_cannot_follow_up_the_warehouse_work_order(people, pull, product):
    _shipped_to(product, "reader")

    with pytest.raises(NotYourDepartment):
        follow_up_shipped_orders(work_order=_warehouse(pull), actor=people["vendor_manager"])


def test_the_page_says_who_was_already_told(client, people, pull, product):
    told_order = _shipped_to(product, "told-reader")
    follow_up_shipped_orders(work_order=_warehouse(pull), actor=people["warehouse"])
    new_order = _shipped_to(product, "new-reader")
    client.force_login(people["warehouse"])

    html = client.get(reverse("work:work-order", args=[_warehouse(pull).pk])).content.decode()

    assert re.findall(r'data-testid="followed-up-customer" data-customer="([^"]+)"', html) == ["told-reader"]
    told = dict(re.findall(r'data-testid="follow-up-order" data-order="([^"]+)" data-told="(\w+)"', html))
    assert told == {told_order.number: "true", new_order.number: "false"}


def test_the_follow_up_button_reports_how_many_were_told(client, people, pull, product):
    _shipped_to(product, "reader")
    client.force_login(people["warehouse"])

    response = client.post(reverse("work:follow-up", args=[_warehouse(pull).pk]), {"coupon_amount": ""}, follow=True)

    assert any("1 customer told" in message for message in _messages(response))
    again = client.post(reverse("work:follow-up", args=[_warehouse(pull).pk]), {"coupon_amount": ""}, follow=True)
    assert any("nobody is told twice" in message for message in _messages(again))


def test_the_follow_up_notice_is_chinese_for_a_chinese_customer_even_when_sent_from_an_english_page(
    people, pull, product, django_capture_on_commit_callbacks
):
    _shipped_to(product, "reader-zh", language="zh-hans")

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        follow_up_shipped_orders(work_order=_warehouse(pull), actor=people["warehouse"])

    assert FollowedUpCustomer.objects.get().language == "zh-hans"


def test_the_follow_up_is_emailed_even_to_a_customer_who_keeps_it_in_the_app(people, pull, product, django_capture_on_commit_callbacks):
    from django.core import mail

    from members.models import NotificationPreference

    order = _shipped_to(product, "reader")
    NotificationPreference.objects.create(user=order.customer, kind="shipped-follow-up", by_email=False)

    with django_capture_on_commit_callbacks(execute=True):
        follow_up_shipped_orders(work_order=_warehouse(pull), actor=people["warehouse"])

    assert [message.to for message in mail.outbox if "which you received from us" in message.subject] == [["reader@example.com"]]


def test_the_follow_up_and_its_coupon_are_read_in_chinese_after_the_switch(
    client, people, pull, product, django_capture_on_commit_callbacks
):
    order = _shipped_to(product, "reader", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        follow_up_shipped_orders(work_order=_warehouse(pull), actor=people["warehouse"], coupon_amount=Decimal("10.00"))
    note = Notification.objects.get(recipient=order.customer, key__startswith="shipped-follow-up:")

    with translation.override("zh-hans"):
        chinese = note.display_body

    assert "If yours shows a problem" in note.body
    assert "问题" in chinese and "If yours shows a problem" not in chinese
    assert Coupon.objects.get(customer=order.customer).code in chinese
