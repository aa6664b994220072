"""The andon pull and its "+1"s, and the lighter warning: who stopped what, why, and what it put at stake."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from flywheel.models import MONEY, Partner, Product
from members.models import Team
from tickets.models import Complaint, IssueCode, Process

REASON_MAX_LENGTH = 200


class Verdict(models.TextChoices):
    """A manager's verdict on a pull (SPEC, "Review, bonus and the bad-pull rate")."""

    RULE_FOLLOWED = "rule_followed", _("rule followed")
    BAD_PULL = "bad_pull", _("bad pull")


class BadPullCategory(models.TextChoices):
    RULE_MISUNDERSTOOD = "rule_misunderstood", _("rule misunderstood")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("insufficient evidence")
    CUSTOMER_MISUSE = "customer_misuse", _("customer misuse")
    DUPLICATE = "duplicate", _("duplicate")
    ABUSE = "abuse", _("abuse")


class AndonPull(FSMModelMixin, models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")

    class TargetKind(models.TextChoices):
        PRODUCT = "product", _("product")
        PARTNER = "partner", _("partner")
        PROCESS = "process", _("process or support step")

    target_kind = models.CharField(_("target kind"), max_length=20, choices=TargetKind.choices)
    target_key = models.CharField(_("target"), max_length=60, editable=False)
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, null=True, blank=True, related_name="pulls")
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT, null=True, blank=True, related_name="pulls")
    process = models.ForeignKey(Process, verbose_name=_("process"), on_delete=models.PROTECT, null=True, blank=True, related_name="pulls")
    state = FSMField(_("state"), choices=State.choices, default=State.OPEN, protected=True)
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH)
    issue_code = models.ForeignKey(IssueCode, verbose_name=_("issue code"), on_delete=models.PROTECT, related_name="+")
    pulled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("pulled by"), on_delete=models.PROTECT, related_name="pulls")
    pulled_at = models.DateTimeField(_("pulled at"), default=timezone.now)
    rule_met = models.BooleanField(_("rule met when pulled"))
    rule_snapshot = models.JSONField(_("complaints that met the rule"), default=dict)
    gmv_at_stake = models.DecimalField(_("30-day GMV at stake (CNY)"), **MONEY)
    stopped_target = models.BooleanField(
        _("stopped the target"), default=False,
        help_text=_("False when the target was already off (a draft, say): closing the pull then leaves it as it was."),
    )
    relisted_at = models.DateTimeField(_("back on sale at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Who carries this pull in the bad-pull rate: the puller's team and its manager at the moment
    # of the pull. Written once by pull_andon; later moves between teams do not rewrite them.
    team = models.ForeignKey(Team, verbose_name=_("team at pull time"), on_delete=models.PROTECT, null=True, blank=True, related_name="pulls")
    team_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("team manager at pull time"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The current verdict, copied from the latest andon.verdicts.PullVerdict row so the weekly
    # report aggregates one table. Blank: awaiting a verdict (the verdict backlog).
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True, default="")
    verdict_category = models.CharField(_("bad-pull category"), max_length=30, choices=BadPullCategory.choices, blank=True, default="")
    verdict_at = models.DateTimeField(_("verdict given at"), null=True, blank=True)
    complaints = models.ManyToManyField(
        Complaint, verbose_name=_("complaints"), through="PullComplaint", related_name="pulls", blank=True,
    )
    # The weekly report's per-pull figures, kept by the services that write the rows they count, in
    # the same transaction (`refresh_support_count`, andon.bonuses.services.settle_pull_bonus), so
    # the report sums the window's pulls from one index and never probes the child tables.
    support_count = models.PositiveIntegerField(
        _("supports counted"), default=0, editable=False, help_text=_("Rows behind the pull: the puller's and every +1."),
    )
    bonus_total = models.DecimalField(
        _("bonus ledger total (CNY)"), default=Decimal("0.00"), editable=False,
        help_text=_("Sum of the pull's bonus entries: accruals less reversals and write-offs."), **MONEY,
    )

    class Meta:
        verbose_name = _("andon pull")
        verbose_name_plural = _("andon pulls")
        ordering = ["-pulled_at", "-id"]
        constraints = [
            # The database, not only the code, guarantees one open pull per target.
            models.UniqueConstraint(fields=["target_key"], condition=Q(state="open"), name="one_open_pull_per_target"),
        ]
        indexes = [
            models.Index(fields=["state", "-pulled_at"], name="pull_board_idx"),
            models.Index(fields=["pulled_by", "-pulled_at"], name="pull_agent_idx"),
            # The reports: pulls in a period (relist rate, Pareto of issue codes), and a target's
            # latest pull in it.
            models.Index(fields=["pulled_at"], name="pull_period_idx"),
            models.Index(fields=["target_key", "pulled_at"], name="pull_target_period_idx"),
            # The weekly bad-pull report: a team's (or manager's) pulls in a week, by verdict.
            models.Index(fields=["team", "pulled_at", "verdict"], name="pull_team_week_idx"),
            models.Index(fields=["team_manager", "pulled_at", "verdict"], name="pull_manager_week_idx"),
            # The weekly report's median time to relist: pulls relisted in a week.
            models.Index(fields=["relisted_at"], condition=Q(relisted_at__isnull=False), name="pull_relisted_idx"),
            # The weekly report's figures over its weeks (PostgreSQL): every column they read is in
            # the index, so the window's pulls (and the ids its work orders, supports, reviews and
            # bonuses join on) come from an index-only range scan, not from the table's pages.
            models.Index(
                fields=["pulled_at"],
                include=["id", "team", "verdict", "rule_met", "gmv_at_stake", "support_count", "bonus_total"],
                name="pull_week_figures_idx",
            ),
            models.Index(
                fields=["relisted_at"], include=["team", "pulled_at", "verdict"], condition=Q(relisted_at__isnull=False),
                name="pull_relist_week_idx",
            ),
            # The verdict queue: pulls awaiting a verdict, oldest first.
            models.Index(fields=["pulled_at"], condition=Q(verdict=""), name="pull_awaiting_verdict_idx"),
        ]

    def __str__(self) -> str:
        # The admin's titles and links read "Pull #12", not the target's key ("product:223").
        return _("Pull #%(id)s") % {"id": self.pk}

    @property
    def target(self):
        return getattr(self, self.target_kind)

    @property
    def time_to_relist(self):
        return self.relisted_at - self.pulled_at if self.relisted_at else None

    @transition(field=state, source=State.OPEN, target=State.RESOLVED)
    def resolve(self) -> None:
        """Every work order is closed and the target is back (or retired)."""

    @transition(field=state, source=State.RESOLVED, target=State.CLOSED)
    def close(self) -> None:
        """The root-cause review is complete too."""


class PullSupport(models.Model):
    """An agent and a complaint behind a pull: the one who pulled, and every "+1" after."""

    pull = models.ForeignKey(AndonPull, on_delete=models.CASCADE, related_name="supports")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="+")
    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, null=True, blank=True, related_name="pull_supports")
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("pull support")
        verbose_name_plural = _("pull supports")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pull", "complaint"], name="complaint_supports_a_pull_once"),
        ]


class PullComplaint(models.Model):
    """A complaint on a pull: a point the supplier's answer and the follow-up must cover.

    The complaint the agent pulled from, every complaint that met the rule at that moment, and
    each "+1"'s complaint are attached alike; `how` says which way each one came.
    """

    class How(models.TextChoices):
        PULLED = "pulled", _("pulled from it")
        MET_RULE = "met_rule", _("met the rule when pulled")
        JOINED = "joined", _("joined the pull (+1)")

    pull = models.ForeignKey(AndonPull, verbose_name=_("pull"), on_delete=models.CASCADE, related_name="pull_complaints")
    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="pull_links")
    how = models.CharField(_("how it was attached"), max_length=20, choices=How.choices)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("attached by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    attached_at = models.DateTimeField(_("attached at"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint on a pull")
        verbose_name_plural = _("complaints on pulls")
        ordering = ["attached_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pull", "complaint"], name="complaint_on_a_pull_once"),
        ]


class AndonWarning(models.Model):
    """The lighter cord: tell the target's owners about a problem that looks systemic, keep selling."""

    target_kind = models.CharField(_("target kind"), max_length=20, choices=AndonPull.TargetKind.choices)
    target_key = models.CharField(_("target"), max_length=60, editable=False, db_index=True)
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    process = models.ForeignKey(Process, verbose_name=_("process"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    issue_code = models.ForeignKey(IssueCode, verbose_name=_("issue code"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=REASON_MAX_LENGTH)
    warned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("warned by"), on_delete=models.PROTECT, related_name="+")
    warned_at = models.DateTimeField(_("warned at"), default=timezone.now)
    # A warning stays on the board until someone closes it (the owners looked and it is not
    # systemic) or a pull on its target follows it; `close_warning` sets these.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("andon warning")
        verbose_name_plural = _("andon warnings")
        ordering = ["-warned_at", "-id"]

    @property
    def target(self):
        return getattr(self, self.target_kind)

