"""The verdict services and the bonus ledger together, with nothing stubbed: what an agent is owed
follows the pull's current verdict, and a paid bonus is never taken back from them."""

import pytest
from django.utils import timezone

from andon.bonuses.services import approve_bonus_entries, close_payroll_month, confirm_payroll_paid
from andon.models import BadPullCategory, BonusEntry, Verdict
from andon.verdicts.services import correct_verdict, give_verdict
from members.factories import UserFactory

pytestmark = pytest.mark.django_db
RF, BAD = Verdict.RULE_FOLLOWED, Verdict.BAD_PULL


def ledger(pull):
    return sorted((entry.kind, entry.amount) for entry in BonusEntry.objects.filter(pull=pull))


def test_rule_followed_accrues_the_pullers_bonus(people, teams, held, settings):
    pull, _order, _lots = held

    give_verdict(pull=pull, manager=people["manager"], outcome=RF)

    assert ledger(pull) == [("accrual", settings.ANDON_BONUS_AMOUNT)]
    assert BonusEntry.objects.get(pull=pull).agent == people["agent"]


def test_a_bad_pull_accrues_nothing_and_deducts_nothing(people, teams, held):
    pull, _order, _lots = held

    give_verdict(pull=pull, manager=people["manager"], outcome=BAD, category=BadPullCategory.DUPLICATE)

    assert ledger(pull) == []


def test_a_correction_to_bad_pull_reverses_the_unpaid_bonus(people, teams, held, settings):
    pull, _order, _lots = held
    give_verdict(pull=pull, manager=people["manager"], outcome=RF)

    correct_verdict(pull=pull, actor=teams["south_manager"], outcome=BAD, category=BadPullCategory.ABUSE, reason="Same customer twice")

    amount = settings.ANDON_BONUS_AMOUNT
    assert ledger(pull) == [("accrual", amount), ("reversal", -amount)]


def test_a_correction_after_payment_is_written_off_not_taken_from_the_agent(people, teams, held, settings):
    pull, _order, _lots = held
    executive = UserFactory(username="cfo", roles=["executive"])
    give_verdict(pull=pull, manager=people["manager"], outcome=RF)
    approve_bonus_entries(entry_ids=list(BonusEntry.objects.filter(pull=pull).values_list("pk", flat=True)), actor=people["manager"])
    batch = close_payroll_month(month=timezone.localdate().replace(day=1), actor=executive)
    confirm_payroll_paid(batch=batch, actor=executive)

    correct_verdict(pull=pull, actor=teams["south_manager"], outcome=BAD, category=BadPullCategory.ABUSE, reason="Same customer twice")

    amount = settings.ANDON_BONUS_AMOUNT
    assert ledger(pull) == [("accrual", amount), ("write_off", -amount)]
    assert not BonusEntry.objects.filter(agent=people["agent"], kind=BonusEntry.Kind.REVERSAL).exists()
    assert BonusEntry.objects.get(pull=pull, kind=BonusEntry.Kind.ACCRUAL).state == BonusEntry.State.PAID
