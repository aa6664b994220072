"""The queue shows each complaint's state: on a pull, its age, when the customer last heard from us,
its agent, with "assign to me", the "mine" filter and the sort orders."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent
from members.factories import UserFactory
from tickets.complaints.services import assign_to_me
from tickets.factories import ComplaintFactory, IssueCodeFactory
from tickets.models import Complaint

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return response.content.decode()


def row_of(response, complaint) -> str:
    """The HTML of one complaint's row in the queue."""
    text = page_text(response)
    start = text.index(f'data-complaint="{complaint.pk}"')
    return text[start:text.index("</tr>", start)]


def queue_order(response) -> list[int]:
    text = page_text(response)
    return [int(part.split('"', 1)[0]) for part in text.split('data-testid="queue-row" data-complaint="')[1:]]


# --- On a pull ------------------------------------------------------------------------------------


def test_a_complaint_on_an_open_pull_says_so_with_a_link_instead_of_the_rule(agent_client, agent, product):
    code = IssueCodeFactory(code="print-defect")
    first = ComplaintFactory(product=product, issue_code=code)
    ComplaintFactory(product=product, issue_code=code)
    pull = pull_andon(agent=agent, complaint=first, reason="Pages uncut").pull

    row = row_of(agent_client.get(reverse("tickets:queue")), first)

    assert f'data-testid="on-pull" data-pull="{pull.pk}"' in row
    assert f"On pull #{pull.pk}" in row
    assert f'href="{reverse("andon:pull", args=[pull.pk])}"' in row
    assert "Rule met" not in row


def test_the_pull_link_lands_on_the_pulls_row_of_the_board(agent_client, agent, product):
    complaint = ComplaintFactory(product=product)
    pull = pull_andon(agent=agent, complaint=complaint, reason="Pages uncut").pull

    board = page_text(agent_client.get(reverse("andon:board")))

    assert f'id="pull-{pull.pk}"' in board


def test_a_complaint_not_on_the_pull_still_shows_the_rule(agent_client, agent, product):
    pulled = ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="print-defect"))
    other_issue = ComplaintFactory(product=product, issue_code=IssueCodeFactory(code="late-delivery"))
    pull_andon(agent=agent, complaint=pulled, reason="Pages uncut")

    row = row_of(agent_client.get(reverse("tickets:queue")), other_issue)

    assert 'data-testid="on-pull"' not in row
    assert 'data-testid="rule-badge"' in row


def test_a_complaint_whose_pull_is_no_longer_open_shows_the_rule_again(agent_client, agent, product):
    complaint = ComplaintFactory(product=product)
    pull = pull_andon(agent=agent, complaint=complaint, reason="Pages uncut").pull
    type(pull).objects.filter(pk=pull.pk).update(state="resolved")  # what the work orders' closing does

    row = row_of(agent_client.get(reverse("tickets:queue")), complaint)

    assert 'data-testid="on-pull"' not in row


# --- Age and the last time the customer heard from us --------------------------------------------


def test_the_age_column_counts_from_when_the_complaint_arrived(agent_client, product):
    complaint = ComplaintFactory(product=product, created_at=timezone.now() - timedelta(days=3, hours=2))

    row = row_of(agent_client.get(reverse("tickets:queue")), complaint)

    assert "3\xa0days, 2\xa0hours" in row


def test_a_complaint_nobody_answered_says_no_reply_yet(agent_client, product):
    complaint = ComplaintFactory(product=product)

    row = row_of(agent_client.get(reverse("tickets:queue")), complaint)

    assert 'data-testid="no-reply-yet"' in row


def test_the_last_reply_to_the_customer_shows_how_long_ago_it_was(agent_client, product):
    complaint = ComplaintFactory(
        product=product, created_at=timezone.now() - timedelta(days=2),
        last_reply_to_customer_at=timezone.now() - timedelta(hours=5),
    )

    row = row_of(agent_client.get(reverse("tickets:queue")), complaint)

    assert "5\xa0hours ago" in row
    assert 'data-testid="no-reply-yet"' not in row


# --- Sorting --------------------------------------------------------------------------------------


def _three_complaints(product) -> tuple[Complaint, Complaint, Complaint]:
    now = timezone.now()
    old = ComplaintFactory(product=product, created_at=now - timedelta(days=5), last_reply_to_customer_at=now - timedelta(minutes=10))
    middle = ComplaintFactory(product=product, created_at=now - timedelta(days=3))
    new = ComplaintFactory(product=product, created_at=now - timedelta(hours=1))
    return old, middle, new


def test_the_queue_is_oldest_first_by_default(agent_client, product):
    old, middle, new = _three_complaints(product)

    assert queue_order(agent_client.get(reverse("tickets:queue"))) == [old.pk, middle.pk, new.pk]


def test_the_queue_sorts_newest_first(agent_client, product):
    old, middle, new = _three_complaints(product)

    assert queue_order(agent_client.get(reverse("tickets:queue"), {"order": "newest"})) == [new.pk, middle.pk, old.pk]


def test_the_queue_sorts_by_longest_without_hearing_from_us(agent_client, product):
    old, middle, new = _three_complaints(product)

    # The oldest complaint was answered ten minutes ago: it waits least.
    assert queue_order(agent_client.get(reverse("tickets:queue"), {"order": "waiting"})) == [middle.pk, new.pk, old.pk]


def test_an_unknown_sort_falls_back_to_oldest_first(agent_client, product):
    old, middle, new = _three_complaints(product)

    response = agent_client.get(reverse("tickets:queue"), {"order": "sideways"})

    assert response.status_code == 200
    assert queue_order(response) == [old.pk, middle.pk, new.pk]


# --- Assign to me ---------------------------------------------------------------------------------


def test_assign_to_me_makes_an_unassigned_complaint_mine_and_says_so(agent_client, agent, product):
    complaint = ComplaintFactory(product=product)

    response = agent_client.post(reverse("tickets:complaint-assign", args=[complaint.pk]), follow=True)

    complaint.refresh_from_db()
    assert complaint.taken_by == agent
    assert f"Complaint #{complaint.pk} is yours." in page_text(response)


def test_assigning_leaves_an_audit_row(agent, product):
    complaint = ComplaintFactory(product=product)

    assign_to_me(complaint=complaint, agent=agent)

    event = AuditEvent.objects.get(object_id=str(complaint.pk), action="assign")
    assert event.actor == agent


def test_assign_to_me_goes_back_to_the_same_queue_page(agent_client, product):
    complaint = ComplaintFactory(product=product)
    back = reverse("tickets:queue") + "?order=newest"

    response = agent_client.post(reverse("tickets:complaint-assign", args=[complaint.pk]), {"next": back})

    assert response.url == back


def test_assign_to_me_refuses_to_go_off_site(agent_client, product):
    complaint = ComplaintFactory(product=product)

    response = agent_client.post(reverse("tickets:complaint-assign", args=[complaint.pk]), {"next": "https://evil.example/"})

    assert response.url == reverse("tickets:queue")


def test_an_agent_cannot_take_a_colleagues_complaint_and_is_told_whose_it_is(agent_client, product):
    colleague = UserFactory(username="li.wei", roles=["agent"])
    complaint = ComplaintFactory(product=product, taken_by=colleague)

    response = agent_client.post(reverse("tickets:complaint-assign", args=[complaint.pk]), follow=True)

    complaint.refresh_from_db()
    assert complaint.taken_by == colleague
    assert "already li.wei&#x27;s" in page_text(response)


def test_the_queue_offers_no_take_over_to_an_agent(agent_client, product):
    complaint = ComplaintFactory(product=product, taken_by=UserFactory(roles=["agent"]))

    row = row_of(agent_client.get(reverse("tickets:queue")), complaint)

    assert 'data-testid="take-over"' not in row
    assert 'data-testid="assign-to-me"' not in row


def test_a_manager_takes_over_a_colleagues_complaint_and_the_audit_names_who_had_it(client, product):
    manager = UserFactory(username="boss", roles=["manager"])
    complaint = ComplaintFactory(product=product, taken_by=UserFactory(username="li.wei", roles=["agent"]))
    client.force_login(manager)

    response = client.post(reverse("tickets:complaint-assign", args=[complaint.pk]), follow=True)

    complaint.refresh_from_db()
    assert complaint.taken_by == manager
    assert "took over" in page_text(response)
    assert AuditEvent.objects.get(object_id=str(complaint.pk), action="take_over").note == "from li.wei"


def test_a_manager_sees_take_over_on_a_colleagues_row(client, product):
    client.force_login(UserFactory(roles=["manager"]))
    complaint = ComplaintFactory(product=product, taken_by=UserFactory(roles=["agent"]))

    row = row_of(client.get(reverse("tickets:queue")), complaint)

    assert 'data-testid="take-over"' in row


def test_a_resolved_complaint_cannot_be_taken(agent_client, agent, product):
    complaint = ComplaintFactory(product=product, state=Complaint.State.RESOLVED)

    response = agent_client.post(reverse("tickets:complaint-assign", args=[complaint.pk]), follow=True)

    complaint.refresh_from_db()
    assert complaint.taken_by is None
    assert "reopen it before taking it" in page_text(response)


def test_taking_ones_own_complaint_again_writes_no_second_audit_row(agent, product):
    complaint = ComplaintFactory(product=product)
    assign_to_me(complaint=complaint, agent=agent)

    assign_to_me(complaint=complaint, agent=agent)

    assert AuditEvent.objects.filter(object_id=str(complaint.pk), action="assign").count() == 1


def test_a_member_cannot_assign_a_complaint(customer_client, product):
    complaint = ComplaintFactory(product=product)

    response = customer_client.post(reverse("tickets:complaint-assign", args=[complaint.pk]))

    complaint.refresh_from_db()
    assert (response.status_code, complaint.taken_by) == (403, None)


def test_assign_to_me_needs_a_post(agent_client, product):
    complaint = ComplaintFactory(product=product)

    assert agent_client.get(reverse("tickets:complaint-assign", args=[complaint.pk])).status_code == 405


def test_assigned_complaints_appear_under_mine(agent_client, product):
    complaint = ComplaintFactory(product=product)
    agent_client.post(reverse("tickets:complaint-assign", args=[complaint.pk]))

    mine = page_text(agent_client.get(reverse("tickets:queue"), {"assigned": "mine"}))

    assert f'data-complaint="{complaint.pk}"' in mine


# --- Queries --------------------------------------------------------------------------------------


def _busy_queue(agent, count: int) -> None:
    code = IssueCodeFactory(code="print-defect")
    for i in range(count):
        product = ProductFactory()
        complaint = ComplaintFactory(
            product=product, issue_code=code, taken_by=UserFactory(roles=["agent"]) if i % 3 else None,
            last_reply_to_customer_at=timezone.now() if i % 2 else None,
        )
        if i % 4 == 0:
            pull_andon(agent=agent, complaint=complaint, reason="Stop it")


@pytest.mark.parametrize("rows", [4, 40])
def test_the_queue_with_pulls_and_replies_runs_the_same_queries_for_4_and_40_complaints(
    agent_client, agent, django_assert_num_queries, rows
):
    _busy_queue(agent, rows)

    # session, user, roles, cart count, the page's rows, their count, the issue codes of the filter.
    with django_assert_num_queries(7):
        response = agent_client.get(reverse("tickets:queue"), {"order": "waiting"})

    assert page_text(response).count('data-testid="queue-row"') == min(rows, 25)
    assert 'data-testid="on-pull"' in page_text(response)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_agents_assigning_one_complaint_at_once_end_with_one_the_other_told():
    """Deterministic: the first click holds the complaint's row lock until the second is seen waiting on it."""
    from django.db import transaction

    from flywheel.errors import Conflict
    from tests.concurrency import in_thread, wait_until_a_connection_waits_on_a_row_lock

    first, second = UserFactory(username="first", roles=["agent"]), UserFactory(username="second", roles=["agent"])
    complaint = ComplaintFactory(product=ProductFactory())
    errors: list[BaseException] = []
    late = in_thread(lambda: assign_to_me(complaint=complaint, agent=second), errors)

    with transaction.atomic():
        assign_to_me(complaint=complaint, agent=first)
        late.start()
        wait_until_a_connection_waits_on_a_row_lock()
    late.join()

    complaint.refresh_from_db()
    assert complaint.taken_by == first
    assert [type(error) for error in errors] == [Conflict]
