"""The front line through its pages: the console and the cord on the day, take-back items into the right queue."""

from datetime import timedelta

import pytest
from django.urls import reverse

from andon.frontline.models import TakeBackItem
from andon.frontline.services import take_back
from andon.models import AndonPull
from flywheel.models import ListingState, Product
from members.factories import UserFactory
from tickets.factories import ComplaintFactory

from .conftest import make_day

pytestmark = pytest.mark.django_db


def complaint_url(complaint) -> str:
    return reverse("tickets:complaint", args=[complaint.pk])


def pull_url(complaint) -> str:
    return reverse("andon:complaint-pull", args=[complaint.pk])


def listing_state(product) -> str:
    return Product.objects.get(pk=product.pk).listing_state


# --- The console and the cord on the day ----------------------------------------------------------


def test_on_their_day_a_vendor_manager_opens_the_complaint_and_pulls_in_two_clicks(client, vendor_manager, on_the_front_line, complaint, book):
    client.force_login(vendor_manager)

    page = client.get(complaint_url(complaint))
    client.post(pull_url(complaint), {"reason": "Covers come off"})

    assert page.status_code == 200
    assert 'data-testid="andon-panel"' in page.content.decode()
    assert listing_state(book) == ListingState.UNDER_REVIEW
    assert AndonPull.objects.get().pulled_by == vendor_manager


def test_on_their_day_the_console_queue_lets_them_in(client, vendor_manager, on_the_front_line):
    client.force_login(vendor_manager)

    assert client.get(reverse("tickets:queue")).status_code == 200


def test_on_their_day_the_header_shows_the_console_link(client, vendor_manager, on_the_front_line):
    client.force_login(vendor_manager)

    assert 'data-testid="console-link"' in client.get(reverse("frontline:my-day")).content.decode()


def test_on_another_day_the_console_is_closed_to_them(client, vendor_manager, today, complaint):
    make_day(vendor_manager, today + timedelta(days=1))
    client.force_login(vendor_manager)

    assert client.get(complaint_url(complaint)).status_code == 403


def test_on_another_day_they_cannot_pull(client, vendor_manager, today, complaint, book):
    make_day(vendor_manager, today - timedelta(days=1), state="worked")
    client.force_login(vendor_manager)

    response = client.post(pull_url(complaint), {"reason": "Covers come off"})

    assert response.status_code == 403
    assert listing_state(book) == ListingState.LISTED


# --- Take back ------------------------------------------------------------------------------------


def test_the_complaint_page_offers_take_back_on_their_day(client, vendor_manager, on_the_front_line, complaint):
    client.force_login(vendor_manager)

    assert 'data-testid="take-back-form"' in client.get(complaint_url(complaint)).content.decode()


def test_an_agent_is_not_offered_take_back(agent_client, complaint):
    assert 'data-testid="take-back-form"' not in agent_client.get(complaint_url(complaint)).content.decode()


def test_a_take_back_item_lands_in_the_owner_s_department_queue(client, vendor_manager, on_the_front_line, complaint):
    colleague = UserFactory(username="vm2", roles=["vendor_manager"])
    client.force_login(vendor_manager)
    client.post(reverse("frontline:complaint-take-back", args=[complaint.pk]), {"what": "Ask the binder about the glue"})
    client.force_login(colleague)

    page = client.get(reverse("frontline:take-back")).content.decode()

    assert TakeBackItem.objects.get().department == "vendor_management"
    assert "Ask the binder about the glue" in page


def test_another_department_does_not_see_the_item(client, vendor_manager, on_the_front_line, complaint):
    take_back(complaint=complaint, actor=vendor_manager, what="Ask the binder about the glue")
    client.force_login(UserFactory(username="wh", roles=["warehouse"]))

    assert "Ask the binder about the glue" not in client.get(reverse("frontline:take-back")).content.decode()


def test_executives_see_every_department_s_items(client, vendor_manager, on_the_front_line, complaint, executive):
    take_back(complaint=complaint, actor=vendor_manager, what="Ask the binder about the glue")
    client.force_login(executive)

    assert "Ask the binder about the glue" in client.get(reverse("frontline:take-back")).content.decode()


def test_an_agent_has_no_take_back_queue(agent_client):
    assert agent_client.get(reverse("frontline:take-back")).status_code == 403


def test_taking_back_off_the_day_is_refused(client, vendor_manager, complaint):
    client.force_login(vendor_manager)

    response = client.post(reverse("frontline:complaint-take-back", args=[complaint.pk]), {"what": "Glue"})

    assert response.status_code == 403
    assert not TakeBackItem.objects.exists()


def test_an_empty_line_is_a_message_not_an_item(client, vendor_manager, on_the_front_line, complaint):
    client.force_login(vendor_manager)

    response = client.post(reverse("frontline:complaint-take-back", args=[complaint.pk]), {"what": "   "}, follow=True)

    assert "Say in one line what you take back." in response.content.decode()
    assert not TakeBackItem.objects.exists()


def test_the_department_closes_an_item_from_the_queue(client, vendor_manager, on_the_front_line, complaint):
    item = take_back(complaint=complaint, actor=vendor_manager, what="Glue")
    client.force_login(UserFactory(username="vm2", roles=["vendor_manager"]))

    client.post(reverse("frontline:take-back-transition", args=[item.pk, "done"]))

    assert TakeBackItem.objects.get().status == TakeBackItem.Status.DONE


def test_the_queue_runs_the_same_queries_for_3_and_30_items(client, vendor_manager, on_the_front_line, book, django_assert_num_queries):
    complaints = [ComplaintFactory(product=book) for _ in range(30)]
    for complaint in complaints[:3]:
        take_back(complaint=complaint, actor=vendor_manager, what=f"Item about #{complaint.pk}")
    client.force_login(vendor_manager)
    # Session, user, roles, the front-line day (header's console link), the items, the header's counts.
    with django_assert_num_queries(QUEUE_QUERIES):
        client.get(reverse("frontline:take-back"))
    for complaint in complaints[3:]:
        take_back(complaint=complaint, actor=vendor_manager, what=f"Item about #{complaint.pk}")

    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("frontline:take-back"))

    assert response.content.decode().count('data-testid="take-back-row"') == 30


QUEUE_QUERIES = 6


# --- The report page ------------------------------------------------------------------------------


def test_the_front_line_page_lists_who_is_overdue(client, executive):
    from django.utils import timezone

    UserFactory(username="late-li", roles=["manager"], date_joined=timezone.now() - timedelta(days=200))
    client.force_login(executive)

    page = client.get(reverse("frontline:report")).content.decode()

    assert 'data-staff="late-li"' in page


def test_an_agent_may_not_read_the_front_line_report(agent_client):
    assert agent_client.get(reverse("frontline:report")).status_code == 403


def test_a_manager_schedules_their_own_day(client, vendor_manager, today):
    client.force_login(vendor_manager)

    client.post(reverse("frontline:schedule"), {"scheduled_on": (today + timedelta(days=3)).isoformat()})

    assert vendor_manager.front_line_days.get().scheduled_on == today + timedelta(days=3)


# --- The admin ------------------------------------------------------------------------------------


def test_an_executive_schedules_a_day_in_the_admin_through_the_service(client, executive, vendor_manager, today):
    executive.is_staff = True
    executive.save()
    client.force_login(executive)

    client.post(reverse("admin:andon_frontlineday_add"), {"staff": vendor_manager.pk, "scheduled_on": today.isoformat()})

    assert vendor_manager.front_line_days.get().scheduled_by == executive


def test_a_second_day_in_the_admin_is_a_form_error(client, executive, vendor_manager, on_the_front_line, today):
    executive.is_staff = True
    executive.save()
    client.force_login(executive)

    response = client.post(reverse("admin:andon_frontlineday_add"), {"staff": vendor_manager.pk, "scheduled_on": today.isoformat()})

    assert "already has a front-line day scheduled" in response.content.decode()
    assert vendor_manager.front_line_days.count() == 1


def test_the_take_back_changelist_runs_the_same_queries_for_3_and_30_items(admin_client, vendor_manager, on_the_front_line, book, django_assert_num_queries):
    complaints = [ComplaintFactory(product=book) for _ in range(30)]
    for complaint in complaints[:3]:
        take_back(complaint=complaint, actor=vendor_manager, what="Glue")
    # A fixed number whatever the rows: owner and complaint come with them (list_select_related).
    with django_assert_num_queries(ADMIN_QUERIES):
        admin_client.get(reverse("admin:andon_takebackitem_changelist"))
    for complaint in complaints[3:]:
        take_back(complaint=complaint, actor=vendor_manager, what="Glue")

    with django_assert_num_queries(ADMIN_QUERIES):
        response = admin_client.get(reverse("admin:andon_takebackitem_changelist"))

    assert response.content.decode().count('class="action-select"') == 30


ADMIN_QUERIES = 6
