"""History of the weekly report: one row per team (and one for the total) per ISO week.

The report itself always computes from the data (`andon.reports.selectors.weekly_report`); these
rows are what the Monday job saw, kept for history (a later verdict changes the live figure, not
the snapshot).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Team


class WeeklyTeamSnapshot(models.Model):
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True, related_name="weekly_snapshots",
        help_text=_("Blank: the total of every team and of pulls by people in no team."),
    )
    iso_year = models.PositiveSmallIntegerField(_("ISO year"))
    iso_week = models.PositiveSmallIntegerField(_("ISO week"))
    figures = models.JSONField(_("figures"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("weekly team snapshot")
        verbose_name_plural = _("weekly team snapshots")
        ordering = ["-iso_year", "-iso_week", "team_id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "iso_year", "iso_week"], condition=Q(team__isnull=False), name="snapshot_once_per_team_week"),
            models.UniqueConstraint(fields=["iso_year", "iso_week"], condition=Q(team__isnull=True), name="snapshot_total_once_per_week"),
        ]

    def __str__(self) -> str:
        return f"{self.team or _('all teams')} {self.iso_year}-W{self.iso_week:02d}"
