"""The bonus ledger's writes: accruals, corrections (reversal or write-off), approvals, payroll runs."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction

from andon.bonuses.models import BonusEntry, PayrollBatch
from andon.bonuses.selectors import agent_statement, payroll_rows
from andon.bonuses.services import (
    NotAllowed,
    approve_bonus_entries,
    close_payroll_month,
    confirm_payroll_paid,
    settle_pull_bonus,
)
from andon.pulls.models import Verdict
from flywheel.errors import Conflict, DomainError
from flywheel.models import AuditEvent

from .conftest import give_verdict, make_pull

# A trigger's refusal: IntegrityError on SQLite's RAISE(ABORT), InternalError on PostgreSQL's RAISE EXCEPTION.
IntegrityOrDatabaseError = DatabaseError
RULE, BAD = Verdict.RULE_FOLLOWED, Verdict.BAD_PULL
NOVEMBER = date(2026, 11, 1)
IN_NOVEMBER = "2026-11-10 10:00:00+08:00"
IN_DECEMBER = "2026-12-03 10:00:00+08:00"


def ledger(pull, agent) -> list[tuple[str, Decimal, str]]:
    return [(entry.kind, entry.amount, entry.state) for entry in BonusEntry.objects.filter(pull=pull, agent=agent).order_by("pk")]


def pay(actor, month=NOVEMBER):
    batch = close_payroll_month(month=month, actor=actor)
    return confirm_payroll_paid(batch=batch, actor=actor)


@pytest.fixture(autouse=True)
def in_november():
    with time_machine.travel(IN_NOVEMBER, tick=False):
        yield


def test_a_rule_followed_verdict_accrues_the_bonus_to_the_puller(crew):
    pull = give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])

    assert ledger(pull, crew["ann"]) == [("accrual", Decimal("50.00"), "accrued")]


def test_a_joiner_gets_the_join_share_once_however_many_complaints_they_joined_with(crew):
    pull = make_pull(crew["ann"], crew["bo"], crew["bo"])

    give_verdict(pull, RULE, by=crew["lead"])

    assert ledger(pull, crew["bo"]) == [("accrual", Decimal("10.00"), "accrued")]


def test_a_join_share_of_zero_gives_joiners_no_entry(crew, settings):
    settings.ANDON_BONUS_JOIN_SHARE = Decimal("0")
    pull = give_verdict(make_pull(crew["ann"], crew["bo"]), RULE, by=crew["lead"])

    assert (ledger(pull, crew["bo"]), len(ledger(pull, crew["ann"]))) == ([], 1)


def test_amounts_are_rounded_to_the_fen_half_up(crew, settings):
    settings.ANDON_BONUS_AMOUNT, settings.ANDON_BONUS_JOIN_SHARE = Decimal("33.335"), Decimal("0.2")
    pull = give_verdict(make_pull(crew["ann"], crew["bo"]), RULE, by=crew["lead"])

    assert (ledger(pull, crew["ann"])[0][1], ledger(pull, crew["bo"])[0][1]) == (Decimal("33.34"), Decimal("6.67"))


def test_a_bad_pull_accrues_nothing(crew):
    pull = give_verdict(make_pull(crew["ann"], crew["bo"]), BAD, by=crew["lead"])

    assert not BonusEntry.objects.filter(pull=pull).exists()


def test_settling_twice_writes_nothing_the_second_time(crew):
    pull = give_verdict(make_pull(crew["ann"], crew["bo"]), RULE, by=crew["lead"])

    assert settle_pull_bonus(pull=pull, actor=crew["lead"]) == []
    assert BonusEntry.objects.filter(pull=pull).count() == 2


def test_a_correction_to_bad_pull_before_payment_reverses_the_accrual_exactly(crew):
    pull = give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])
    accrual = BonusEntry.objects.get(pull=pull)

    give_verdict(pull, BAD, by=crew["other_lead"])

    reversal = BonusEntry.objects.get(pull=pull, kind=BonusEntry.Kind.REVERSAL)
    assert (reversal.amount, reversal.reverses_id, reversal.agent_id) == (Decimal("-50.00"), accrual.pk, crew["ann"].pk)


def test_a_correction_back_to_rule_followed_re_accrues_exactly(crew):
    pull = give_verdict(make_pull(crew["ann"], crew["bo"]), RULE, by=crew["lead"])
    give_verdict(pull, BAD, by=crew["other_lead"])

    give_verdict(pull, RULE, by=crew["executive"])

    assert ledger(pull, crew["ann"]) == [
        ("accrual", Decimal("50.00"), "accrued"), ("reversal", Decimal("-50.00"), "accrued"), ("accrual", Decimal("50.00"), "accrued"),
    ]
    assert sum(amount for _, amount, _ in ledger(pull, crew["bo"])) == Decimal("10.00")


def test_a_correction_after_payment_writes_off_instead_of_deducting(crew):
    pull = give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])
    approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["lead"])
    pay(crew["executive"])

    give_verdict(pull, BAD, by=crew["other_lead"])

    assert ledger(pull, crew["ann"]) == [("accrual", Decimal("50.00"), "paid"), ("write_off", Decimal("-50.00"), "accrued")]
    totals = agent_statement(crew["ann"], NOVEMBER).totals
    assert (totals.paid, totals.net, totals.reversed, totals.written_off) == (
        Decimal("50.00"), Decimal("50.00"), Decimal("0.00"), Decimal("50.00"),
    )


def test_a_paid_bonus_written_off_and_restored_is_not_paid_twice(crew):
    pull = give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])
    approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["lead"])
    pay(crew["executive"])
    give_verdict(pull, BAD, by=crew["other_lead"])

    give_verdict(pull, RULE, by=crew["executive"])

    assert [kind for kind, _, _ in ledger(pull, crew["ann"])] == ["accrual", "write_off"]


def test_a_correction_of_a_bonus_in_a_closed_batch_writes_off_and_leaves_the_batch_as_it_was(crew):
    pull = give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])
    approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["lead"])
    batch = close_payroll_month(month=NOVEMBER, actor=crew["executive"])

    give_verdict(pull, BAD, by=crew["other_lead"])

    batch.refresh_from_db()
    assert [kind for kind, _, _ in ledger(pull, crew["ann"])] == ["accrual", "write_off"]
    assert (batch.total, batch.entries.count(), sum(row.amount for row in payroll_rows(batch))) == (
        Decimal("50.00"), 1, Decimal("50.00"),
    )


def test_a_reversed_approved_accrual_is_left_out_of_payroll(crew):
    kept = give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])
    corrected = give_verdict(make_pull(crew["bo"]), RULE, by=crew["lead"])
    approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["lead"])
    give_verdict(corrected, BAD, by=crew["other_lead"])

    batch = close_payroll_month(month=NOVEMBER, actor=crew["executive"])

    assert list(batch.entries.values_list("pull_id", flat=True)) == [kept.pk]
    assert batch.total == Decimal("50.00")


def test_settling_writes_an_audit_row_per_entry(crew):
    pull = give_verdict(make_pull(crew["ann"], crew["bo"]), RULE, by=crew["lead"])

    audited = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(BonusEntry), action="accrual", actor=crew["lead"])
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(str(pk) for pk in pull.bonus_entries.values_list("pk", flat=True))


# --- approvals --------------------------------------------------------------------------------


def test_a_manager_approves_the_entries_of_their_team_in_bulk(crew):
    give_verdict(make_pull(crew["ann"], crew["bo"]), RULE, by=crew["lead"])

    approved = approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["lead"])

    assert approved == 2
    assert set(BonusEntry.objects.values_list("state", "approved_by")) == {("approved", crew["lead"].pk)}


def test_a_manager_may_not_approve_another_teams_entries_and_nothing_is_approved(crew):
    give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])
    give_verdict(make_pull(crew["carl"]), RULE, by=crew["other_lead"])

    with pytest.raises(NotAllowed):
        approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["lead"])
    assert set(BonusEntry.objects.values_list("state", flat=True)) == {"accrued"}


def test_an_agent_may_not_approve_their_own_bonus(crew):
    give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])

    with pytest.raises(NotAllowed):
        approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["ann"])


def test_an_executive_approves_any_team(crew):
    give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])
    give_verdict(make_pull(crew["carl"]), RULE, by=crew["other_lead"])

    assert approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["executive"]) == 2


def test_approving_twice_approves_once(crew):
    give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])
    ids = list(BonusEntry.objects.values_list("pk", flat=True))
    approve_bonus_entries(entry_ids=ids, actor=crew["lead"])

    assert approve_bonus_entries(entry_ids=ids, actor=crew["executive"]) == 0
    assert AuditEvent.objects.filter(action="approve", object_id=str(ids[0])).count() == 1


def test_a_reversal_is_never_approved(crew):
    pull = give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])
    give_verdict(pull, BAD, by=crew["lead"])

    assert approve_bonus_entries(entry_ids=BonusEntry.objects.values_list("pk", flat=True), actor=crew["lead"]) == 0


def test_approving_an_unknown_entry_is_refused(crew):
    with pytest.raises(DomainError):
        approve_bonus_entries(entry_ids=[987654], actor=crew["executive"])


# --- payroll runs -----------------------------------------------------------------------------


def _approved_pulls(crew, *agents):
    pulls = [give_verdict(make_pull(agent), RULE, by=crew["lead"]) for agent in agents]
    approve_bonus_entries(entry_ids=BonusEntry.objects.filter(pull__in=pulls).values_list("pk", flat=True), actor=crew["executive"])


def test_closing_a_month_batches_its_approved_entries_with_their_total(crew):
    _approved_pulls(crew, crew["ann"], crew["bo"], crew["ann"])

    batch = close_payroll_month(month=NOVEMBER, actor=crew["executive"])

    assert (batch.period, batch.total, batch.entry_count, batch.state) == (NOVEMBER, Decimal("150.00"), 3, "closed")
    assert set(BonusEntry.objects.values_list("batch", flat=True)) == {batch.pk}


def test_closing_a_month_leaves_accrued_and_other_months_entries_out(crew):
    _approved_pulls(crew, crew["ann"])
    give_verdict(make_pull(crew["bo"]), RULE, by=crew["lead"])
    with time_machine.travel(IN_DECEMBER, tick=False):
        _approved_pulls(crew, crew["carl"])
        batch = close_payroll_month(month=NOVEMBER, actor=crew["executive"])

    assert list(batch.entries.values_list("agent__username", flat=True)) == ["ann"]


def test_a_second_run_for_the_same_month_with_nothing_new_is_refused(crew):
    _approved_pulls(crew, crew["ann"])
    close_payroll_month(month=NOVEMBER, actor=crew["executive"])

    with pytest.raises(Conflict):
        close_payroll_month(month=NOVEMBER, actor=crew["executive"])
    assert PayrollBatch.objects.count() == 1


def test_a_second_run_for_the_same_month_batches_only_what_was_approved_since(crew):
    _approved_pulls(crew, crew["ann"])
    first = close_payroll_month(month=NOVEMBER, actor=crew["executive"])
    _approved_pulls(crew, crew["bo"])

    second = close_payroll_month(month=NOVEMBER, actor=crew["executive"])

    assert (first.entries.count(), list(second.entries.values_list("agent__username", flat=True))) == (1, ["bo"])


def test_a_month_not_yet_begun_is_refused(crew):
    with pytest.raises(DomainError):
        close_payroll_month(month=date(2026, 12, 1), actor=crew["executive"])


def test_only_executives_run_payroll(crew):
    _approved_pulls(crew, crew["ann"])

    with pytest.raises(NotAllowed):
        close_payroll_month(month=NOVEMBER, actor=crew["lead"])


def test_confirming_a_batch_paid_marks_it_and_its_entries_paid(crew):
    _approved_pulls(crew, crew["ann"], crew["bo"])

    batch = pay(crew["executive"])

    assert (batch.state, batch.paid_by, set(batch.entries.values_list("state", flat=True))) == ("paid", crew["executive"], {"paid"})


def test_a_paid_batch_cannot_be_confirmed_again(crew):
    _approved_pulls(crew, crew["ann"])
    batch = pay(crew["executive"])

    with pytest.raises(Conflict):
        confirm_payroll_paid(batch=batch, actor=crew["executive"])


def test_the_payroll_rows_add_up_to_the_batch_total(crew):
    _approved_pulls(crew, crew["ann"], crew["bo"], crew["ann"], crew["carl"])

    batch = close_payroll_month(month=NOVEMBER, actor=crew["executive"])

    rows = payroll_rows(batch)
    assert sum(row.amount for row in rows) == batch.total
    assert [(row.employee_id, row.team, row.cost_centre, row.period, row.amount) for row in rows] == [
        ("ann", "Team team-a", "CC-TEAM-A", "2026-11", Decimal("100.00")),
        ("bo", "Team team-a", "CC-TEAM-A", "2026-11", Decimal("50.00")),
        ("carl", "Team team-b", "CC-TEAM-B", "2026-11", Decimal("50.00")),
    ]


# --- the database's own guards ----------------------------------------------------------------


def test_the_database_refuses_to_edit_an_entrys_amount(crew):
    give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])

    with pytest.raises(IntegrityOrDatabaseError), transaction.atomic():
        BonusEntry.objects.update(amount=Decimal("500.00"))
    assert BonusEntry.objects.get().amount == Decimal("50.00")


def test_the_database_refuses_to_move_an_entry_out_of_its_batch(crew):
    _approved_pulls(crew, crew["ann"])
    close_payroll_month(month=NOVEMBER, actor=crew["executive"])

    with pytest.raises(IntegrityOrDatabaseError), transaction.atomic():
        BonusEntry.objects.update(batch=None)
    assert BonusEntry.objects.filter(batch__isnull=True).count() == 0


def test_the_database_refuses_to_change_a_closed_batchs_total(crew):
    _approved_pulls(crew, crew["ann"])
    close_payroll_month(month=NOVEMBER, actor=crew["executive"])

    with pytest.raises(IntegrityOrDatabaseError), transaction.atomic():
        PayrollBatch.objects.update(total=Decimal("1.00"))
    assert PayrollBatch.objects.get().total == Decimal("50.00")


@pytest.mark.postgres  # SQLite guards edits only: its test databases are emptied with DELETE
def test_the_database_refuses_to_delete_a_ledger_entry(crew):
    give_verdict(make_pull(crew["ann"]), RULE, by=crew["lead"])

    with pytest.raises(IntegrityOrDatabaseError), transaction.atomic():
        BonusEntry.objects.all()._raw_delete(BonusEntry.objects.db)
    assert BonusEntry.objects.count() == 1
