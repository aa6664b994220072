"""Writes to the bonus ledger and the payroll runs. Every one is atomic and leaves audit rows.

Money is CNY in `Decimal`, rounded to the fen (0.01) half up, as payroll pays it: the bonus
amount first, then a joiner's share of that rounded amount (20% of 50.00 is 10.00; of 33.33 it is
6.67). Rounding happens once, when an entry is written; totals are sums of entries, never rounded
again, so every total reconciles to the fen with the ledger.

Lock order, the same in every service: the pull, then its entries; a batch, then its entries.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from andon.pulls.models import AndonPull, PullSupport, Verdict
from flywheel.errors import Conflict, DomainError
from flywheel.models import AuditEvent
from flywheel.services import apply_transition, apply_transition_to_each, record_audit

from . import policy
from .models import BonusEntry, PayrollBatch
from .selectors import month_bounds, month_label

FEN = Decimal("0.01")


class NotAllowed(DomainError):
    """The user's role or team does not allow this write."""

    status_code = 403


def to_fen(amount) -> Decimal:
    """`amount` (CNY) rounded to the fen, half up."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def bonus_amounts() -> tuple[Decimal, Decimal]:
    """(the puller's bonus, a "+1" joiner's share) in CNY, from ANDON_BONUS_AMOUNT and ANDON_BONUS_JOIN_SHARE."""
    amount = to_fen(settings.ANDON_BONUS_AMOUNT)
    return amount, to_fen(amount * Decimal(settings.ANDON_BONUS_JOIN_SHARE))


def bonus_targets(pull: AndonPull) -> dict[int, Decimal]:
    """What each supporting agent (user id) is due for `pull` under its current verdict, in CNY.

    The puller is due ANDON_BONUS_AMOUNT; every other agent with a "+1" on the pull the joiner's
    share, once however many complaints they joined with. Any verdict but "rule followed" (a bad
    pull, or none yet) makes every target 0.
    """
    agents = set(PullSupport.objects.filter(pull=pull).values_list("agent_id", flat=True)) | {pull.pulled_by_id}
    if pull.verdict != Verdict.RULE_FOLLOWED:
        return dict.fromkeys(agents, Decimal("0.00"))
    amount, join_share = bonus_amounts()
    return {agent_id: amount if agent_id == pull.pulled_by_id else join_share for agent_id in agents}


def _is_paid(accrual: BonusEntry) -> bool:
    # An accrual closed into a payroll batch is on its way to the agent: the batch cannot change,
    # so it is treated as paid (written off, never reversed).
    return accrual.state == BonusEntry.State.PAID or accrual.batch_id is not None


@transaction.atomic
def settle_pull_bonus(*, pull: AndonPull, actor) -> list[BonusEntry]:
    """Make the pull's ledger entries match its current verdict, by appending entries only.

    Called by the verdict services, inside their transaction, after every verdict or correction.
    Rule followed: the puller accrues ANDON_BONUS_AMOUNT and each "+1" agent ANDON_BONUS_JOIN_SHARE
    of it (CNY), once. Bad pull or no verdict: every accrual still standing is reversed (a write-off
    when already paid). Idempotent: calling it twice changes nothing the second time.

    Per agent, what stands is the sum of their accruals and reversals on the pull; write-offs are
    the company's and never count against the agent. Above the target, every accrual not yet
    reversed is cancelled: by a reversal when unpaid (the pair then leaves every payable total), by
    a write-off when paid or in a payroll batch (the agent keeps the money). Below the target, one
    accrual of the difference. Returns the entries written (none when the ledger already matched).
    """
    pull = AndonPull.objects.select_for_update().get(pk=pull.pk)
    targets = bonus_targets(pull)
    entries = list(BonusEntry.objects.select_for_update().filter(pull=pull).order_by("pk"))
    cancelled = {entry.reverses_id for entry in entries if entry.reverses_id}
    written: list[BonusEntry] = []
    for agent_id in sorted(targets.keys() | {entry.agent_id for entry in entries}):
        target = targets.get(agent_id, Decimal("0.00"))
        own = [entry for entry in entries if entry.agent_id == agent_id]
        standing = sum((entry.amount for entry in own if entry.kind != BonusEntry.Kind.WRITE_OFF), Decimal("0.00"))
        if standing > target:
            for accrual in (entry for entry in own if entry.kind == BonusEntry.Kind.ACCRUAL and entry.pk not in cancelled):
                paid = _is_paid(accrual)
                kind = BonusEntry.Kind.WRITE_OFF if paid else BonusEntry.Kind.REVERSAL
                written.append(BonusEntry(agent_id=agent_id, pull=pull, kind=kind, amount=-accrual.amount, reverses=accrual))
                if not paid:
                    standing -= accrual.amount
        if standing < target:
            written.append(BonusEntry(agent_id=agent_id, pull=pull, kind=BonusEntry.Kind.ACCRUAL, amount=target - standing))
    for entry in written:
        entry.save()
        record_audit(
            obj=entry, action=entry.kind, actor=actor, to_state=entry.state,
            note=f"{entry.amount} CNY for pull #{pull.pk}, verdict: {pull.verdict or 'none'}",
        )
    if written:
        # The weekly report's "bonuses accrued" reads the pull's running total (locked above).
        AndonPull.objects.filter(pk=pull.pk).update(bonus_total=F("bonus_total") + sum(entry.amount for entry in written))
    return written


def _audit_each(objs: list, *, action: str, actor, note: str = "") -> None:
    """One audit row per object, in one query (for writes made by `update()`)."""
    if not objs:
        return
    content_type = ContentType.objects.get_for_model(objs[0], for_concrete_model=False)
    by = actor if actor is not None and actor.is_authenticated else None
    AuditEvent.objects.bulk_create(
        [AuditEvent(content_type=content_type, object_id=str(obj.pk), action=action, actor=by, note=note) for obj in objs],
        batch_size=1000,
    )


@transaction.atomic
def approve_bonus_entries(*, entry_ids, actor) -> int:
    """Approve accrued entries in bulk for the next payroll run; returns how many moved to approved.

    All or nothing: raises NotAllowed (403) naming the entries `actor` may not approve (a manager
    approves the pulls of the teams they managed at pull time, an executive any) and DomainError
    (400) for ids that do not exist. Entries already approved or paid, reversals, write-offs and
    reversed accruals are skipped, so approving twice, or two managers at once, approves once.
    """
    ids = sorted({int(pk) for pk in entry_ids})
    entries = list(
        BonusEntry.objects.select_for_update(of=("self",)).select_related("pull").filter(pk__in=ids).order_by("pk")
    )
    missing = sorted(set(ids) - {entry.pk for entry in entries})
    if missing:
        raise DomainError(_("No bonus entries %(ids)s.") % {"ids": ", ".join(f"#{pk}" for pk in missing)})
    refused = [entry.pk for entry in entries if not policy.may_approve(actor, entry)]
    if refused:
        raise NotAllowed(
            _("You may approve only the bonuses of your own teams' pulls; not %(ids)s.")
            % {"ids": ", ".join(f"#{pk}" for pk in refused)}
        )
    # Read after the locks are held: a reversal committed while we waited is seen here.
    reversed_ids = set(BonusEntry.objects.filter(reverses_id__in=ids, kind=BonusEntry.Kind.REVERSAL).values_list("reverses_id", flat=True))
    now = timezone.now()
    approvable = [
        entry for entry in entries
        if entry.kind == BonusEntry.Kind.ACCRUAL and entry.state == BonusEntry.State.ACCRUED and entry.pk not in reversed_ids
    ]
    for entry in approvable:
        entry.approved_by, entry.approved_at = actor, now
    apply_transition_to_each(objs=approvable, verb="approve", field="state", also=("approved_by", "approved_at"), actor=actor)
    return len(approvable)


@transaction.atomic
def close_payroll_month(*, month: date, actor) -> PayrollBatch:
    """Close a month's payable entries into a new PayrollBatch for finance (total in CNY, entry count).

    Payable: accruals approved, in no batch, not reversed, whose accrual was written (created_at)
    in `month`, a calendar month in TIME_ZONE. A second run for the same month closes only the
    entries approved since into a further batch; with none, it is refused (Conflict, 409), so two
    runs at once make one batch. Raises NotAllowed (403) unless `actor` may run payroll
    (executives), DomainError (400) for a month that has not begun.
    """
    if not policy.may_run_payroll(actor):
        raise NotAllowed(_("Payroll runs are for executives."))
    period = month.replace(day=1)
    start, end = month_bounds(period)
    if start > timezone.now():
        raise DomainError(_("%(month)s has not begun: there is nothing to pay for it yet.") % {"month": month_label(period)})
    waiting = BonusEntry.objects.filter(
        kind=BonusEntry.Kind.ACCRUAL, state=BonusEntry.State.APPROVED, batch__isnull=True, created_at__gte=start, created_at__lt=end
    )
    locked_ids = list(waiting.select_for_update().order_by("pk").values_list("pk", flat=True))
    # Read again now the rows are ours: a run that closed them, or a reversal, committed while we waited.
    payable = BonusEntry.objects.filter(pk__in=locked_ids, batch__isnull=True, state=BonusEntry.State.APPROVED).exclude(
        reversed_by__kind=BonusEntry.Kind.REVERSAL
    )
    figures = payable.aggregate(total=Sum("amount"), count=Count("pk"))
    if not figures["count"]:
        raise Conflict(
            _("No approved bonus of %(month)s is waiting for payroll: every one is already in a batch, or none was approved.")
            % {"month": month_label(period)}
        )
    batch = PayrollBatch.objects.create(
        period=period, total=Decimal(figures["total"]).quantize(FEN), entry_count=figures["count"], closed_by=actor, closed_at=timezone.now()
    )
    entries = list(payable.order_by("pk"))
    BonusEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(batch=batch)
    record_audit(obj=batch, action="close", actor=actor, to_state=batch.state, note=f"{figures['count']} entries, {figures['total']} CNY")
    _audit_each(entries, action="batch", actor=actor, note=f"payroll batch #{batch.pk}")
    return batch


@transaction.atomic
def confirm_payroll_paid(*, batch: PayrollBatch, actor) -> PayrollBatch:
    """Finance confirms the batch reached the agents: the batch and every entry in it become paid.

    Raises NotAllowed (403) unless `actor` may run payroll, IllegalTransition (409) when the batch
    is already paid (a paid batch is final).
    """
    if not policy.may_run_payroll(actor):
        raise NotAllowed(_("Payroll runs are for executives."))
    batch = PayrollBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != PayrollBatch.State.CLOSED:
        raise Conflict(_("Payroll batch #%(id)s is already paid; a paid batch is final.") % {"id": batch.pk})
    entries = list(BonusEntry.objects.select_for_update().filter(batch=batch).order_by("pk"))
    batch.paid_by, batch.paid_at = actor, timezone.now()
    apply_transition(obj=batch, verb="confirm_paid", field="state", actor=actor)
    apply_transition_to_each(objs=entries, verb="pay", field="state", actor=actor, note=f"payroll batch #{batch.pk}")
    return batch
