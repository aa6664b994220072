"""The board as the lamp for everything open: what blocks each pull, overdue work orders, warnings."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from andon.models import AndonWarning, RootCauseReview, WorkOrder
from andon.pulls.services import NotAllowedToPull, close_warning, pull_andon, warn_owners
from andon.pulls.selectors import andon_board
from flywheel.errors import DomainError
from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent
from members.factories import UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory

pytestmark = pytest.mark.django_db


def _text(client, url_name: str = "andon:board-live") -> str:
    return client.get(reverse(url_name)).content.decode()


def _as(client, user):
    client.force_login(user)
    return client


def _warn(people, *, title: str = "Blue Kettle", reason: str = "Lid loose, looks like the whole lot"):
    complaint = ComplaintFactory(product=ProductFactory(title=title))
    return warn_owners(agent=people["agent"], complaint=complaint, reason=reason)


# --- What blocks a pull --------------------------------------------------------------------------


def test_a_product_pull_shows_its_two_open_work_orders_departments_and_states(client, people, pull):
    row = andon_board().rows[0]

    assert [(blocker.kind, blocker.state) for blocker in row.blockers] == [("work_order", "open"), ("work_order", "open")]
    assert sorted(blocker.label for blocker in row.blockers) == ["supplier management", "warehouse and logistics"]


def test_the_board_names_the_work_orders_a_pull_waits_for(client, people, pull):
    text = _text(_as(client, people["warehouse"]))

    assert 'data-testid="board-blockers"' in text
    assert "Warehouse and logistics · open" in text and "Supplier management · open" in text


def test_a_work_order_started_shows_in_progress_on_the_board(client, people, pull):
    pull.work_orders.filter(kind=WorkOrder.Kind.WAREHOUSE).update(state=WorkOrder.State.IN_PROGRESS)

    assert "Warehouse and logistics · in progress" in _text(_as(client, people["warehouse"]))


def test_an_overdue_work_order_is_marked_in_words_on_its_pull(client, people, pull):
    pull.work_orders.filter(kind=WorkOrder.Kind.WAREHOUSE).update(due_at=timezone.now() - timedelta(hours=2))

    text = _text(_as(client, people["warehouse"]))

    assert text.count('data-testid="board-overdue"') == 1
    assert f'data-pull="{pull.pk}"' in text and 'data-overdue="true"' in text


def test_a_work_order_due_later_is_not_marked_overdue(client, people, pull):
    assert 'data-testid="board-overdue"' not in _text(_as(client, people["warehouse"]))


def test_with_every_work_order_closed_the_open_review_is_what_the_pull_waits_for(client, people, pull):
    pull.work_orders.update(state=WorkOrder.State.CLOSED)

    row = andon_board().rows[0]

    assert [(blocker.kind, blocker.pk) for blocker in row.blockers] == [("review", pull.review.pk)]
    assert "Root-cause review · open" in _text(_as(client, people["warehouse"]))


def test_a_pull_with_work_orders_closed_and_review_complete_waits_for_nothing_on_the_board(client, people, pull):
    pull.work_orders.update(state=WorkOrder.State.CLOSED)
    RootCauseReview.objects.filter(pk=pull.review.pk).update(state=RootCauseReview.State.COMPLETE)

    assert andon_board().rows[0].blockers == []


def test_each_pull_on_the_board_links_to_its_page(client, people, pull):
    text = _text(_as(client, people["manager"]))

    assert f'href="{reverse("andon:pull", args=[pull.pk])}"' in text


# --- Warnings ------------------------------------------------------------------------------------


def test_a_warning_stands_on_the_board_labelled_in_words(client, people):
    warning = _warn(people)

    text = _text(_as(client, people["warehouse"]))

    assert f'data-testid="board-warning" data-warning="{warning.pk}"' in text
    assert "Blue Kettle" in text and ">Warning<" in text


def test_a_closed_warning_leaves_the_board(client, people):
    warning = _warn(people)

    close_warning(warning=warning, user=people["manager"])

    assert 'data-testid="board-warning"' not in _text(_as(client, people["warehouse"]))


def test_a_warning_followed_by_a_pull_on_its_target_leaves_the_board_for_the_pull(client, people):
    warning = _warn(people)
    pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=warning.product), reason="Now it is systemic")

    board = andon_board()

    assert (len(board.warnings), len(board.rows)) == (0, 1)


def test_a_warning_on_another_target_stays_beside_a_pull(client, people, pull):
    _warn(people, title="Green Teapot")

    assert [item.warning.product.title for item in andon_board().warnings] == ["Green Teapot"]


def test_closing_a_warning_writes_who_closed_it_in_the_audit_trail(people):
    warning = _warn(people)

    close_warning(warning=warning, user=people["manager"], note="One customer, one kettle")

    event = AuditEvent.objects.filter(object_id=str(warning.pk), action="close").get()
    assert (event.actor, event.note) == (people["manager"], "One customer, one kettle")
    assert AndonWarning.objects.get(pk=warning.pk).closed_by == people["manager"]


def test_an_agent_cannot_close_a_warning(people):
    warning = _warn(people)

    with pytest.raises(NotAllowedToPull):
        close_warning(warning=warning, user=people["agent"])

    assert AndonWarning.objects.get(pk=warning.pk).closed_at is None


def test_a_warning_cannot_be_closed_twice(people):
    warning = _warn(people)
    close_warning(warning=warning, user=people["manager"])

    with pytest.raises(DomainError):
        close_warning(warning=warning, user=people["manager"])


# --- Query count -----------------------------------------------------------------------------


def _open_pulls_and_warnings(people, count: int) -> None:
    code = IssueCodeFactory(code="print-defect")
    for i in range(count):
        pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=ProductFactory(), issue_code=code), reason="r").pull
        if i % 2:
            pull.work_orders.update(due_at=timezone.now() - timedelta(hours=1))
        warn_owners(agent=people["agent"], complaint=ComplaintFactory(product=ProductFactory(), issue_code=code), reason="w")


@pytest.mark.parametrize("url_name", ["andon:board", "andon:board-live"])
@pytest.mark.parametrize("count", [3, 12])
def test_the_board_runs_the_same_queries_for_3_and_12_pulls_with_blockers_and_warnings(client, people, django_assert_num_queries, url_name, count):
    _open_pulls_and_warnings(people, count)
    _as(client, people["agent"])

    # session, user, roles, cart count, pulls (reviews joined), their active work orders, processes, warnings.
    with django_assert_num_queries(8):
        text = client.get(reverse(url_name)).content.decode()

    assert (text.count('data-testid="board-row"'), text.count('data-testid="board-warning"')) == (count, count)
    assert text.count('data-testid="board-overdue"') == 2 * (count // 2)


def test_a_manager_closes_a_warning_from_the_admin_list(client, people):
    warning = _warn(people)
    manager = UserFactory(username="manager-staff", roles=["manager"], is_staff=True)

    response = _as(client, manager).post(
        reverse("admin:andon_andonwarning_changelist"), {"action": "close_warnings", "_selected_action": [warning.pk]}, follow=True,
    )

    assert "Closed 1 warning(s)." in response.content.decode()
    assert AndonWarning.objects.get(pk=warning.pk).closed_by == manager
