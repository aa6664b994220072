"""What an agent gave a customer while settling a complaint, and what it cost the company."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
