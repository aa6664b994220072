"""The manager's verdict on each pull, and the second opinion that audits the verdicts.

Rows are append-only: a correction is a new row that names the one it corrects, with a reason.
The pull carries a copy of its current verdict (AndonPull.verdict) for the weekly report.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from andon.pulls.models import AndonPull, BadPullCategory, Verdict


class PullVerdict(models.Model):
    """One verdict on one pull, by a manager who is not the puller."""

    pull = models.ForeignKey(AndonPull, verbose_name=_("pull"), on_delete=models.PROTECT, related_name="verdicts")
    outcome = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    category = models.CharField(_("bad-pull category"), max_length=30, choices=BadPullCategory.choices, blank=True, default="")
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("given by"), on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    corrects = models.OneToOneField(
        "self", verbose_name=_("corrects"), on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True, default="")
    current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("pull verdict")
        verbose_name_plural = _("pull verdicts")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pull"], condition=Q(current=True), name="one_current_verdict_per_pull"),
            models.CheckConstraint(
                condition=Q(outcome="rule_followed", category="") | Q(outcome="bad_pull") & ~Q(category=""),
                name="bad_pull_has_category_rule_followed_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on pull #{self.pull_id}"


class VerdictSecondOpinion(models.Model):
    """A sampled verdict sent to a manager of another team for a second opinion.

    The weekly sample (ANDON_VERDICT_AUDIT_SHARE of each team's verdicts, at least 3) is how the
    judge is judged: the per-team disagreement rate reaches the executive report.
    """

    verdict = models.OneToOneField(PullVerdict, verbose_name=_("verdict"), on_delete=models.PROTECT, related_name="second_opinion")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("second reviewer"), on_delete=models.PROTECT, related_name="+")
    iso_year = models.PositiveSmallIntegerField(_("ISO year"))
    iso_week = models.PositiveSmallIntegerField(_("ISO week"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    agrees = models.BooleanField(_("agrees"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("verdict second opinion")
        verbose_name_plural = _("verdict second opinions")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["iso_year", "iso_week"], name="second_opinion_week_idx")]
