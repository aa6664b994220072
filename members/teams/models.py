"""Customer-service teams and who belonged to them when.

Teams live with the staff accounts because both `tickets` (compensation approvals) and `andon`
(verdicts, the bad-pull rate) need a team's manager. Membership is dated: agents move between
teams, and a pull is counted for the team the puller was in at that moment.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from flywheel.models import Bilingual


class Team(Bilingual):
    """A customer-service team: a manager who carries its bad-pull rate, and its agents over time."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("manager"), on_delete=models.PROTECT, related_name="managed_teams"
    )
    cost_centre = models.CharField(
        _("cost centre"), max_length=40, blank=True, help_text=_("Finance's cost centre code, printed on payroll exports.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]


class TeamMembership(models.Model):
    """One agent in one team from `started_on` up to, not including, `ended_on` (open when blank).

    Dates are calendar days in the site's time zone (TIME_ZONE). A move is an end date on the old
    membership and a new membership starting that same day; rows are never rewritten to move
    someone, so pulls keep the team they were made in.
    """

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="team_memberships"
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True, help_text=_("The first day no longer in the team."))

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
                name="membership_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["user", "started_on"], name="membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} from {self.started_on}"
