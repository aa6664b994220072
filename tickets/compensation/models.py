"""What an agent gave a customer while settling a complaint, and what it cost the company."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from ..complaints.models import Complaint


class Compensation(models.Model):
    """What the agent gave the customer while settling a complaint, and what it cost the company."""

    class Kind(models.TextChoices):
        REPLACEMENT = "replacement", _("free replacement")
        REFUND = "refund", _("refund")
        COUPON = "coupon", _("no-threshold coupon")

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="compensations")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    cost = models.DecimalField(_("cost (CNY)"), max_digits=12, decimal_places=2)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    coupon = models.OneToOneField("members.Coupon", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    replacement_order = models.OneToOneField("members.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("compensation")
        verbose_name_plural = _("compensations")
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["granted_by", "granted_at"], name="compensation_agent_day_idx")]


class CompensationRequest(FSMModelMixin, models.Model):
    """An agent's request for a grant above what they may still grant today, for a manager to decide.

    It goes to the agent's team manager at the time of asking (`approver`), or, for an agent with no
    team (or who manages their own), to every customer-service manager (`approver` blank). Approving
    grants the compensation on the approver's authority (`compensation`); declining keeps a reason
    that the agent and the customer read. Only money waits here: nothing stands in front of the cord.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for a manager")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="compensation_requests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Compensation.Kind.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    cost = models.DecimalField(_("cost (CNY)"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approver"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("The agent's team manager when asked; blank: any customer-service manager."),
    )
    state = FSMField(_("state"), choices=State.choices, default=State.PENDING, protected=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    compensation = models.OneToOneField(
        Compensation, verbose_name=_("grant"), on_delete=models.PROTECT, null=True, blank=True, related_name="approval"
    )

    class Meta:
        verbose_name = _("compensation approval request")
        verbose_name_plural = _("compensation approval requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # A double click asks once: one request of a kind waits per complaint.
            models.UniqueConstraint(
                fields=["complaint", "kind"], condition=Q(state="pending"), name="one_pending_request_per_complaint_kind"
            ),
        ]
        indexes = [models.Index(fields=["state", "approver", "requested_at"], name="comp_request_inbox_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.cost} CNY"

    @transition(field=state, source=State.PENDING, target=State.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field=state, source=State.PENDING, target=State.DECLINED)
    def decline(self) -> None:
        pass
