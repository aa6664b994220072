"""Approvals, payroll runs and corrections racing each other on PostgreSQL, in a fixed interleaving:
the first holds its row locks, the second is released only once it waits on them."""

import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from andon.bonuses.models import BonusEntry, PayrollBatch
from andon.bonuses.selectors import this_month
from andon.bonuses.services import approve_bonus_entries, close_payroll_month, settle_pull_bonus
from andon.pulls.models import Verdict
from flywheel.errors import Conflict
from flywheel.models import AuditEvent
from tests.concurrency import in_thread

from .conftest import give_verdict, make_pull

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _wait_until_another_connection_waits_on_a_lock() -> None:
    """Like tests.concurrency's, but callable inside a transaction: PostgreSQL keeps one snapshot of
    pg_stat_activity per transaction unless told to drop it, so each look clears it first."""
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
    raise AssertionError("no connection ever waited on the lock the test expected")


def _second_while_first_holds_its_locks(first, second) -> tuple[object, list, list[BaseException]]:
    """Run `first` in this connection's open transaction, start `second` in a thread, let it queue
    behind the locks, then commit `first`. Returns first's result, second's results and its errors."""
    results, errors = [], []
    with transaction.atomic():
        outcome = first()
        thread = in_thread(lambda: results.append(second()), errors)
        thread.start()
        _wait_until_another_connection_waits_on_a_lock()
    thread.join()
    return outcome, results, errors


def _approved(crew, *agents):
    pulls = [give_verdict(make_pull(agent), Verdict.RULE_FOLLOWED, by=crew["lead"]) for agent in agents]
    approve_bonus_entries(entry_ids=BonusEntry.objects.filter(pull__in=pulls).values_list("pk", flat=True), actor=crew["lead"])
    return pulls


def test_two_approvals_of_the_same_entries_at_once_approve_each_once(crew):
    for agent in (crew["ann"], crew["bo"]):
        give_verdict(make_pull(agent, crew["carl"]), Verdict.RULE_FOLLOWED, by=crew["lead"])
    ids = list(BonusEntry.objects.values_list("pk", flat=True))

    first, second, errors = _second_while_first_holds_its_locks(
        lambda: approve_bonus_entries(entry_ids=ids, actor=crew["lead"]),
        lambda: approve_bonus_entries(entry_ids=ids, actor=crew["executive"]),
    )

    assert (errors, first, second) == ([], 4, [0])
    assert set(BonusEntry.objects.values_list("state", "approved_by")) == {("approved", crew["lead"].pk)}
    audited = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(BonusEntry), action="approve")
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(str(pk) for pk in ids)


def test_two_closes_of_the_same_month_at_once_make_one_batch(crew):
    _approved(crew, crew["ann"], crew["bo"])

    batch, second, errors = _second_while_first_holds_its_locks(
        lambda: close_payroll_month(month=this_month(), actor=crew["executive"]),
        lambda: close_payroll_month(month=this_month(), actor=crew["executive"]),
    )

    assert (second, [type(error) for error in errors]) == ([], [Conflict])
    assert list(PayrollBatch.objects.values_list("pk", "entry_count", "total")) == [(batch.pk, 2, batch.total)]
    assert set(BonusEntry.objects.values_list("batch", flat=True)) == {batch.pk}


def test_a_correction_waiting_on_a_payroll_close_writes_off_and_leaves_the_batch_whole(crew):
    (pull,) = _approved(crew, crew["ann"])
    give_verdict(pull, Verdict.BAD_PULL, by=crew["other_lead"], settle=False)  # the verdict changed; its settlement races the close

    batch, written, errors = _second_while_first_holds_its_locks(
        lambda: close_payroll_month(month=this_month(), actor=crew["executive"]),
        lambda: settle_pull_bonus(pull=pull, actor=crew["other_lead"]),
    )

    assert errors == []
    assert [(entry.kind, entry.amount) for entry in written[0]] == [("write_off", -batch.total)]
    batch.refresh_from_db()
    assert (batch.entry_count, batch.entries.count()) == (1, 1)


def test_a_payroll_close_waiting_on_a_correction_leaves_the_reversed_bonus_out(crew):
    kept, corrected = _approved(crew, crew["ann"], crew["bo"])
    give_verdict(corrected, Verdict.BAD_PULL, by=crew["other_lead"], settle=False)

    written, closed, errors = _second_while_first_holds_its_locks(
        lambda: settle_pull_bonus(pull=corrected, actor=crew["other_lead"]),
        lambda: close_payroll_month(month=this_month(), actor=crew["executive"]),
    )

    assert (errors, [entry.kind for entry in written]) == ([], ["reversal"])
    assert list(closed[0].entries.values_list("pull_id", flat=True)) == [kept.pk]
