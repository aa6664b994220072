"""Compensation that cannot trap, through the pages: the refund is prefilled within today's room,
"ask a manager" is one click, and the manager decides on the approvals page. The cord outranks Resolve."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from flywheel.factories import ProductFactory
from members.factories import UserFactory
from members.teams.services import add_member, create_team
from tickets.compensation.models import CompensationRequest
from tickets.compensation.services import ask_for_approval, grant_compensation
from tickets.factories import ComplaintFactory
from tickets.models import Compensation

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


@pytest.fixture
def limit(settings):
    settings.COMPENSATION_LIMIT_PER_AGENT_PER_DAY = Decimal("30")
    return Decimal("30")


@pytest.fixture
def complaint(product):
    return ComplaintFactory(product=product)  # a 50 CNY line


@pytest.fixture
def boss(agent):
    manager = UserFactory(username="boss", first_name="Wang", last_name="Li", roles=["manager"])
    team = create_team(name="East", code="east", manager=manager, actor=manager)
    add_member(team=team, user=agent, started_on=date(2020, 1, 1), actor=manager)
    return manager


def refund_value(response) -> str:
    text = page_text(response)
    field = text[text.index('id="refund-amount"'):]
    return field.split('value="', 1)[1].split('"', 1)[0]


# --- The prefilled amount -------------------------------------------------------------------------


def test_the_refund_is_prefilled_with_what_the_agent_may_still_grant_today(agent_client, agent, complaint, limit):
    grant_compensation(complaint=ComplaintFactory(product=ProductFactory()), agent=agent, kind="coupon", amount=Decimal("12"))

    response = agent_client.get(reverse("tickets:complaint", args=[complaint.pk]))

    assert refund_value(response) == "18.00"


def test_with_nothing_left_today_the_refund_is_blank_and_says_to_ask_a_manager(agent_client, agent, complaint, limit):
    grant_compensation(complaint=ComplaintFactory(product=ProductFactory()), agent=agent, kind="coupon", amount=limit)

    response = agent_client.get(reverse("tickets:complaint", args=[complaint.pk]))

    assert refund_value(response) == ""
    assert "Nothing left to grant today" in page_text(response)


def test_the_page_names_the_manager_who_decides(agent_client, complaint, boss):
    response = agent_client.get(reverse("tickets:complaint", args=[complaint.pk]))

    assert "For more, ask a manager: Wang Li decides." in page_text(response)


# --- Asking ---------------------------------------------------------------------------------------


def test_ask_a_manager_sends_the_request_in_one_click(agent_client, complaint, boss, limit):
    response = agent_client.post(
        reverse("tickets:complaint-ask-approval", args=[complaint.pk]), {"kind": "refund", "amount": "50.00"}, follow=True
    )

    asked = CompensationRequest.objects.get()
    assert (asked.approver, asked.cost, asked.state) == (boss, Decimal("50.00"), "pending")
    assert "Asked boss to approve the refund of ¥50.00." in page_text(response)
    assert 'data-testid="approval-request" data-state="pending"' in page_text(response)


def test_a_grant_refused_over_the_limit_offers_to_ask_a_manager_for_the_same_grant(agent_client, complaint, boss, limit):
    response = agent_client.post(
        reverse("tickets:complaint-compensate", args=[complaint.pk]), {"kind": "refund", "amount": "45.00", "note": "late"}
    )

    text = page_text(response)
    offer = text[text.index('data-testid="ask-after-refusal"'):text.index('data-testid="ask-manager-now"')]
    assert 'name="kind" value="refund"' in offer and 'name="amount" value="45.00"' in offer and 'name="note" value="late"' in offer


def test_asking_for_what_the_agent_may_grant_themselves_is_refused_in_the_panel(agent_client, complaint, boss, limit):
    response = agent_client.post(
        reverse("tickets:complaint-ask-approval", args=[complaint.pk]), {"kind": "refund", "amount": "10.00"}
    )

    assert response.status_code == 400
    assert "grant it yourself" in page_text(response)
    assert CompensationRequest.objects.count() == 0


# --- The approvals page ---------------------------------------------------------------------------


def test_an_agent_cannot_open_the_approvals_page(agent_client):
    assert agent_client.get(reverse("tickets:approvals")).status_code == 403


def test_the_manager_sees_the_request_waiting_for_them(client, agent, complaint, boss, limit):
    asked = ask_for_approval(complaint=complaint, agent=agent, kind="refund", amount=Decimal("50"), note="Two weeks late")
    client.force_login(boss)

    text = page_text(client.get(reverse("tickets:approvals")))

    assert f'id="request-{asked.pk}"' in text and "Two weeks late" in text


def test_another_teams_manager_sees_nothing_and_cannot_approve(client, agent, complaint, boss, limit):
    asked = ask_for_approval(complaint=complaint, agent=agent, kind="refund", amount=Decimal("50"))
    client.force_login(UserFactory(roles=["manager"]))

    page = page_text(client.get(reverse("tickets:approvals")))
    response = client.post(reverse("tickets:approval-approve", args=[asked.pk]))

    assert f'id="request-{asked.pk}"' not in page
    assert response.status_code == 404
    assert Compensation.objects.count() == 0


def test_approving_from_the_page_grants_and_says_who_is_told(client, agent, complaint, boss, limit):
    asked = ask_for_approval(complaint=complaint, agent=agent, kind="refund", amount=Decimal("50"))
    client.force_login(boss)

    response = client.post(reverse("tickets:approval-approve", args=[asked.pk]), follow=True)

    assert Compensation.objects.get().granted_by == boss
    assert f"Approved: refund of ¥50.00 on complaint #{complaint.pk}. agent and the customer are told." in page_text(response)
    assert 'data-testid="approvals-empty"' in page_text(response)


def test_approving_twice_from_two_tabs_says_it_was_already_approved(client, agent, complaint, boss, limit):
    asked = ask_for_approval(complaint=complaint, agent=agent, kind="refund", amount=Decimal("50"))
    client.force_login(boss)
    client.post(reverse("tickets:approval-approve", args=[asked.pk]))

    response = client.post(reverse("tickets:approval-approve", args=[asked.pk]), follow=True)

    assert "already approved by boss" in page_text(response)
    assert Compensation.objects.count() == 1


def test_declining_without_a_reason_is_refused_with_a_message(client, agent, complaint, boss, limit):
    asked = ask_for_approval(complaint=complaint, agent=agent, kind="refund", amount=Decimal("50"))
    client.force_login(boss)

    response = client.post(reverse("tickets:approval-decline", args=[asked.pk]), {"reason": ""}, follow=True)

    asked.refresh_from_db()
    assert asked.state == "pending"
    assert "Say why you decline" in page_text(response)


def test_declining_with_a_reason_shows_on_the_agents_complaint_page(agent, complaint, boss, limit):
    asked = ask_for_approval(complaint=complaint, agent=agent, kind="refund", amount=Decimal("50"))
    manager_tab, agent_tab = Client(), Client()
    manager_tab.force_login(boss)
    agent_tab.force_login(agent)

    manager_tab.post(reverse("tickets:approval-decline", args=[asked.pk]), {"reason": "Offer a replacement instead"})

    text = page_text(agent_tab.get(reverse("tickets:complaint", args=[complaint.pk])))
    assert 'data-state="declined"' in text and "Offer a replacement instead" in text


@pytest.mark.parametrize("requests", [2, 12])
def test_the_approvals_page_runs_the_same_queries_for_2_and_12_requests(client, limit, django_assert_num_queries, requests):
    manager = UserFactory(roles=["manager"])
    for _ in range(requests):
        ask_for_approval(
            complaint=ComplaintFactory(product=ProductFactory(price=Decimal("80"))), agent=UserFactory(roles=["agent"]),
            kind="refund", amount=Decimal("60"),
        )
    client.force_login(manager)

    # session, user, roles, cart count, the pending requests, the decided ones.
    with django_assert_num_queries(6):
        response = client.get(reverse("tickets:approvals"))

    assert page_text(response).count('data-testid="approval"') == requests


@pytest.mark.parametrize(("roles", "shown"), [(["manager"], True), (["agent"], False)])
def test_managers_see_the_approvals_link_in_the_console_and_agents_do_not(client, roles, shown):
    client.force_login(UserFactory(roles=roles))

    assert ('data-testid="nav-approvals"' in page_text(client.get(reverse("tickets:queue")))) is shown


# --- The cord outranks Resolve --------------------------------------------------------------------


def test_the_andon_panel_comes_before_resolve_which_is_a_secondary_button(agent_client, complaint):
    text = page_text(agent_client.get(reverse("tickets:complaint", args=[complaint.pk])))

    assert text.index('data-testid="andon-button"') < text.index('data-testid="complaint-resolve"')
    resolve = text[text.rindex("<button", 0, text.index('data-testid="complaint-resolve"')):text.index('data-testid="complaint-resolve"')]
    assert "button-secondary" in resolve and "button-primary" not in resolve
