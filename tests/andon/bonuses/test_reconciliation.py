"""A generated ledger: random verdicts and corrections, approvals, payroll runs and payments over two
months, checked against an independent computation from the raw entries, to the fen.

Seeded, so a failure replays exactly; each seed is its own test.
"""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from andon.bonuses.models import BonusEntry, PayrollBatch
from andon.bonuses.selectors import agent_statement, payroll_rows
from andon.bonuses.services import approve_bonus_entries, close_payroll_month, confirm_payroll_paid
from andon.pulls.models import Verdict
from flywheel.errors import Conflict

from .conftest import give_verdict, make_pull

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONTHS = (date(2026, 10, 1), date(2026, 11, 1))
PULLER, JOINER = Decimal("50.00"), Decimal("10.00")


def _bucket(entry: BonusEntry, accruals: dict) -> date:
    accrual = accruals[entry.reverses_id] if entry.reverses_id else entry
    return accrual.created_at.astimezone(SHANGHAI).date().replace(day=1)


def _paid_by_agent() -> dict[int, Decimal]:
    paid = defaultdict(Decimal)
    for agent_id, amount in BonusEntry.objects.filter(state="paid").values_list("agent_id", "amount"):
        paid[agent_id] += amount
    return paid


def _play(crew, seed: int) -> list:
    """Six weeks of random work; asserts at every step that no agent's paid total ever goes down."""
    rng = random.Random(seed)
    agents = [crew["ann"], crew["bo"], crew["carl"]]
    judges = [crew["lead"], crew["other_lead"], crew["executive"]]
    pulls, paid_before = [], _paid_by_agent()
    moment = datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI)
    for _step in range(60):
        moment += timedelta(hours=rng.randint(10, 30))
        with time_machine.travel(moment, tick=False):
            action = rng.random()
            if action < 0.25 or not pulls:
                puller, *others = rng.sample(agents, 3)
                pulls.append(make_pull(puller, *others[: rng.randint(0, 2)]))
            elif action < 0.6:
                judged = [pull for pull in pulls if pull.verdict]
                target = rng.choice(judged) if judged and rng.random() < 0.6 else rng.choice(pulls)
                give_verdict(target, rng.choice([Verdict.RULE_FOLLOWED, Verdict.BAD_PULL]), by=rng.choice(judges))
            elif action < 0.75:
                waiting = list(BonusEntry.objects.filter(kind="accrual", state="accrued").order_by("pk").values_list("pk", flat=True))
                approve_bonus_entries(entry_ids=rng.sample(waiting, k=max(1, len(waiting) * 3 // 4)) if waiting else [], actor=crew["executive"])
            elif action < 0.88:
                month = rng.choice([m for m in MONTHS if datetime(m.year, m.month, 1, tzinfo=SHANGHAI) <= moment])
                try:
                    close_payroll_month(month=month, actor=crew["executive"])
                except Conflict:
                    pass
            else:  # payday: whatever is closed is paid
                for batch in PayrollBatch.objects.filter(state="closed"):
                    confirm_payroll_paid(batch=batch, actor=crew["executive"])
        paid_now = _paid_by_agent()
        assert all(paid_now[agent] >= paid_before[agent] for agent in paid_before)
        paid_before = paid_now
    return pulls


@pytest.mark.parametrize("seed", [1, 4, 5, 6])
def test_statements_payroll_and_ledger_reconcile_to_the_fen(crew, seed):
    pulls = _play(crew, seed)
    entries = list(BonusEntry.objects.all())
    accruals = {entry.pk: entry for entry in entries if entry.kind == "accrual"}
    reversed_ids = {entry.reverses_id for entry in entries if entry.kind == "reversal"}
    # The generated history covers what must reconcile: reversals, write-offs, and batches paid and not.
    assert {entry.kind for entry in entries} == {"accrual", "reversal", "write_off"}
    assert set(PayrollBatch.objects.values_list("state", flat=True)) >= {"paid"}

    for agent in (crew["ann"], crew["bo"], crew["carl"]):
        for month in MONTHS:
            mine = [entry for entry in entries if entry.agent_id == agent.pk and _bucket(entry, accruals) == month]
            standing = [entry for entry in mine if entry.kind == "accrual" and entry.pk not in reversed_ids]
            expected = {
                "accrued": sum((e.amount for e in mine if e.kind == "accrual"), Decimal("0.00")),
                "reversed": sum((e.amount for e in mine if e.kind == "reversal"), Decimal("0.00")),
                "paid": sum((e.amount for e in mine if e.kind == "accrual" and e.state == "paid"), Decimal("0.00")),
                "approved": sum((e.amount for e in standing if e.state == "approved"), Decimal("0.00")),
                "awaiting_approval": sum((e.amount for e in standing if e.state == "accrued"), Decimal("0.00")),
                "written_off": -sum((e.amount for e in mine if e.kind == "write_off"), Decimal("0.00")),
            }
            totals = agent_statement(agent, month).totals
            assert {name: getattr(totals, name) for name in expected} == expected
            assert totals.net == totals.paid + totals.approved + totals.awaiting_approval

    for batch in PayrollBatch.objects.all():
        in_batch = [entry for entry in entries if entry.batch_id == batch.pk]
        assert batch.total == sum(entry.amount for entry in in_batch) == sum(row.amount for row in payroll_rows(batch))
        assert batch.entry_count == len(in_batch)
        assert all(_bucket(entry, accruals) == batch.period for entry in in_batch)

    for pull in pulls:
        pull.refresh_from_db()
        supporters = set(pull.supports.values_list("agent_id", flat=True))
        for agent_id in supporters:
            target = (PULLER if agent_id == pull.pulled_by_id else JOINER) if pull.verdict == Verdict.RULE_FOLLOWED else Decimal("0.00")
            own = [entry for entry in entries if entry.pull_id == pull.pk and entry.agent_id == agent_id]
            standing = sum((entry.amount for entry in own if entry.kind != "write_off"), Decimal("0.00"))
            written_off = -sum((entry.amount for entry in own if entry.kind == "write_off"), Decimal("0.00"))
            # Brought to the target, except that what was paid stays with the agent.
            assert standing == max(target, written_off)


@pytest.mark.parametrize("seed", [1, 4])
def test_the_weekly_reports_bonuses_and_plus_ones_equal_the_ledger_and_the_supports(crew, seed):
    from andon.pulls.models import AndonPull, PullSupport
    from andon.reports.selectors import Week, weekly_figures, weeks_ending

    _play(crew, seed)
    assert BonusEntry.objects.filter(kind="write_off").exists() and BonusEntry.objects.filter(kind="reversal").exists()
    pulls = {pull.pk: pull for pull in AndonPull.objects.all()}
    weeks = weeks_ending(Week.of(max(pull.pulled_at for pull in pulls.values())), 12)
    # Independently: every entry and support, grouped by its pull's team and Shanghai ISO week.
    expected_bonuses, supports_by_pull = defaultdict(Decimal), defaultdict(int)
    for pull_id, amount in BonusEntry.objects.values_list("pull_id", "amount"):
        pull = pulls[pull_id]
        expected_bonuses[(pull.team_id, Week.of(pull.pulled_at))] += amount
    for pull_id in PullSupport.objects.values_list("pull_id", flat=True):
        supports_by_pull[pull_id] += 1
    expected_plus_ones = defaultdict(int)
    for pull_id, count in supports_by_pull.items():
        expected_plus_ones[(pulls[pull_id].team_id, Week.of(pulls[pull_id].pulled_at))] += count - 1
    assert sum(expected_plus_ones.values()) > 0

    figures = weekly_figures(weeks)

    teams = {team_id for team_id, _week in figures if team_id is not None}
    for team_id in teams:
        for week in weeks:
            row = figures.get((team_id, week))
            assert (row.bonuses_accrued if row else Decimal("0.00")) == expected_bonuses.get((team_id, week), Decimal("0.00"))
            assert (row.plus_ones if row else 0) == expected_plus_ones.get((team_id, week), 0)
    for pull in pulls.values():
        assert pull.support_count == supports_by_pull[pull.pk]
        assert pull.bonus_total == sum((e.amount for e in BonusEntry.objects.filter(pull=pull)), Decimal("0.00"))


def test_the_migration_fills_existing_pulls_counts_from_their_supports_and_ledger(crew):
    import importlib

    from django.apps import apps

    from andon.pulls.models import AndonPull

    _play(crew, 5)
    kept = dict(AndonPull.objects.values_list("pk", "support_count"))
    totals = dict(AndonPull.objects.values_list("pk", "bonus_total"))
    assert any(total for total in totals.values()) and any(count > 1 for count in kept.values())
    AndonPull.objects.update(support_count=0, bonus_total=Decimal("0.00"))  # as before the columns existed
    migration = importlib.import_module("andon.migrations.0015_pull_report_figures")

    migration.fill_report_figures(apps, None)

    assert dict(AndonPull.objects.values_list("pk", "support_count")) == kept
    assert dict(AndonPull.objects.values_list("pk", "bonus_total")) == totals
