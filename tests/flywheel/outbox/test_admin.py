"""The outbox in the admin: the backlog in the title, a fixed number of queries, dead letters retried."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from flywheel.models import OutboxMessage

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
CHANGELIST_QUERIES = 12  # session, user, the backlog (3), the page, the dates, the filters


@pytest.mark.parametrize("rows", [5, 50])
def test_the_outbox_changelist_shows_the_backlog_in_the_same_queries(admin_client, django_assert_num_queries, rows):
    OutboxMessage.objects.bulk_create(OutboxMessage(job="members.orders.jobs.pay_refund") for _ in range(rows))
    OutboxMessage.objects.create(job="members.orders.jobs.pay_refund", status=Status.DEAD, attempts=8)

    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(reverse("admin:flywheel_outboxmessage_changelist"))

    assert f"Outbox: {rows} waiting" in response.content.decode()
    assert "1 dead letters" in response.content.decode()


def test_a_dead_letter_is_retried_from_the_admin(admin_client):
    dead = OutboxMessage.objects.create(job="members.orders.jobs.pay_refund", status=Status.DEAD, attempts=8)

    admin_client.post(
        reverse("admin:flywheel_outboxmessage_changelist"), {"action": "retry", "_selected_action": [dead.pk]}
    )

    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (Status.PENDING, 0)


# Transactional: the long-running process closes old connections between passes.
@pytest.mark.django_db(transaction=True)
def test_the_relay_command_hands_nothing_when_nothing_waits(capsys):
    call_command("relay_outbox", "--once")

    assert capsys.readouterr().out.strip() == "0 relayed"
