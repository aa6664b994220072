"""The bonus ledger and the payroll runs that pay it.

A ledger entry's amount is never edited and no entry is deleted: a correction is a reversing
entry. An entry's state moves accrued -> approved -> paid. A reversal of a bonus already paid is a
write-off borne by the company, never a deduction from the agent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from flywheel.models import MONEY
from andon.pulls.models import AndonPull


class PayrollBatch(FSMModelMixin, models.Model):
    """A month's approved bonus entries closed into one batch for finance, then confirmed paid."""

    class State(models.TextChoices):
        CLOSED = "closed", _("closed: exported to payroll")
        PAID = "paid", _("paid")

    period = models.DateField(_("month"), help_text=_("The first day of the month the batch pays."))
    state = FSMField(_("state"), choices=State.choices, default=State.CLOSED, protected=True)
    total = models.DecimalField(_("total (CNY)"), **MONEY)
    entry_count = models.PositiveIntegerField(_("entries"))
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed paid by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payroll batch")
        verbose_name_plural = _("payroll batches")
        ordering = ["-period", "-id"]

    def __str__(self) -> str:
        return f"Payroll batch #{self.pk} {self.period:%Y-%m}"

    @transition(field=state, source=State.CLOSED, target=State.PAID)
    def confirm_paid(self) -> None:
        """Finance confirms the batch reached the agents."""


class BonusEntry(FSMModelMixin, models.Model):
    """One line of an agent's bonus ledger, in CNY.

    `kind` says why it exists: an accrual for a pull judged "rule followed", a reversal of an
    accrual not yet paid (negative amount, payable by nobody), or a write-off of one already paid
    (negative amount, borne by the company: it never reduces what the agent is paid).
    """

    class Kind(models.TextChoices):
        ACCRUAL = "accrual", _("accrual")
        REVERSAL = "reversal", _("reversal")
        WRITE_OFF = "write_off", _("write-off (borne by the company)")

    class State(models.TextChoices):
        ACCRUED = "accrued", _("accrued")
        APPROVED = "approved", _("approved")
        PAID = "paid", _("paid")

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="bonus_entries")
    pull = models.ForeignKey(AndonPull, verbose_name=_("pull"), on_delete=models.PROTECT, related_name="bonus_entries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount (CNY)"), **MONEY)
    state = FSMField(_("state"), choices=State.choices, default=State.ACCRUED, protected=True)
    reverses = models.OneToOneField(
        "self", verbose_name=_("reverses"), on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    batch = models.ForeignKey(
        PayrollBatch, verbose_name=_("payroll batch"), on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )

    class Meta:
        verbose_name = _("bonus entry")
        verbose_name_plural = _("bonus entries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="accrual", amount__gt=0, reverses__isnull=True) | ~Q(kind="accrual") & Q(amount__lt=0, reverses__isnull=False),
                name="accruals_positive_reversals_negative",
            ),
            # Only an approved accrual enters a payroll batch, and nothing is paid outside one.
            models.CheckConstraint(
                condition=Q(batch__isnull=True) | Q(kind="accrual", state__in=["approved", "paid"]),
                name="only_approved_accruals_are_batched",
            ),
            models.CheckConstraint(condition=~Q(state="paid") | Q(batch__isnull=False), name="paid_entries_are_batched"),
            # Reversals and write-offs are never approved or paid: they leave every payable total.
            models.CheckConstraint(
                condition=Q(kind="accrual") | Q(state="accrued", approved_by__isnull=True), name="only_accruals_are_approved",
            ),
        ]
        indexes = [
            models.Index(fields=["agent", "created_at"], name="bonus_agent_idx"),
            models.Index(fields=["state", "created_at"], name="bonus_state_idx"),
            # The weekly report: a pull's bonus amounts, read from the index alone (PostgreSQL).
            models.Index(fields=["pull"], include=["amount"], name="bonus_pull_amount_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} CNY to {self.agent} for pull #{self.pull_id}"

    @transition(field=state, source=State.ACCRUED, target=State.APPROVED)
    def approve(self) -> None:
        """A manager approves the entry for the next payroll run."""

    @transition(field=state, source=State.APPROVED, target=State.PAID)
    def pay(self) -> None:
        """The payroll batch holding the entry was confirmed paid."""
