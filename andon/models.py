"""The andon pull: who stopped what, why, and what it put at stake."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from flywheel.models import MONEY, Partner, Product
from tickets.models import Complaint, IssueCode, Process

REASON_MAX_LENGTH = 200


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
        ]

    def __str__(self) -> str:
        return f"Pull #{self.pk} {self.target_key}"

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

    class Meta:
        verbose_name = _("andon warning")
        verbose_name_plural = _("andon warnings")
        ordering = ["-warned_at", "-id"]

    @property
    def target(self):
        return getattr(self, self.target_kind)


class Department(models.TextChoices):
    SUPPLIER_MANAGEMENT = "supplier_management", _("supplier management")
    WAREHOUSE = "warehouse", _("warehouse and logistics")
    PARTNER_MANAGEMENT = "partner_management", _("partner management")
    QUALITY = "quality", _("quality")
    PROCESS_OWNER = "process_owner", _("process owner")


class DepartmentLead(models.Model):
    """Who leads a department: the first to hear when one of its work orders is overdue.

    Managers set it in the admin. A department with no lead set escalates to everyone in it.
    """

    department = models.CharField(_("department"), max_length=30, choices=Department.choices, unique=True)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lead"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("department lead")
        verbose_name_plural = _("department leads")
        ordering = ["department"]

    def __str__(self) -> str:
        return f"{self.get_department_display()}: {self.lead}"

    def clean(self) -> None:
        """The lead works in the department: escalations go to them instead of to everyone in it."""
        from django.core.exceptions import ValidationError

        from .services.work_orders import DEPARTMENT_ROLES

        roles = DEPARTMENT_ROLES.get(self.department)
        if self.department and not roles:
            raise ValidationError({"department": _("Process owners hear of their own work orders; this department has no lead.")})
        if self.department and self.lead_id and not (self.lead.is_superuser or self.lead.groups.filter(name__in=roles).exists()):
            raise ValidationError({"lead": _("The lead must hold this department's role.")})


class WorkOrder(FSMModelMixin, models.Model):
    """Work a pull pushes to the back office that caused the problem. The target returns when all are closed."""

    class Kind(models.TextChoices):
        SUPPLIER = "supplier", _("supplier: stop inbound, inspect the lots")
        WAREHOUSE = "warehouse", _("warehouse: hold all stock, inspect")
        RECTIFICATION = "rectification", _("partner rectification")
        ACCEPTANCE = "acceptance", _("acceptance inspection")
        PROCESS = "process", _("process fix")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        RESOLVED = "resolved", _("resolved")
        CONFIRMED = "confirmed", _("confirmed")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    class Outcome(models.TextChoices):
        LOT_REJECTED = "lot_rejected", _("whole lot rejected")
        UNITS_FIXED = "units_fixed", _("defective units fixed or removed")
        LOT_RETURNED = "lot_returned", _("lot returned to the supplier")
        NO_DEFECT = "no_defect", _("no defect found")
        RECTIFIED = "rectified", _("rectified")
        INSPECTION_PASSED = "inspection_passed", _("inspection passed")
        INSPECTION_FAILED = "inspection_failed", _("inspection failed")
        PROCESS_FIXED = "process_fixed", _("process fixed")

    OUTCOMES_BY_KIND = {
        Kind.SUPPLIER: [Outcome.LOT_REJECTED, Outcome.UNITS_FIXED, Outcome.NO_DEFECT],
        Kind.WAREHOUSE: [Outcome.LOT_RETURNED, Outcome.UNITS_FIXED, Outcome.NO_DEFECT],
        Kind.RECTIFICATION: [Outcome.RECTIFIED],
        Kind.ACCEPTANCE: [Outcome.INSPECTION_PASSED, Outcome.INSPECTION_FAILED],
        Kind.PROCESS: [Outcome.PROCESS_FIXED],
    }
    ACTIVE = [State.OPEN, State.IN_PROGRESS, State.RESOLVED, State.CONFIRMED]

    pull = models.ForeignKey(AndonPull, verbose_name=_("pull"), on_delete=models.PROTECT, related_name="work_orders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    department = models.CharField(_("department"), max_length=30, choices=Department.choices, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="work_orders",
    )
    state = FSMField(_("state"), choices=State.choices, default=State.OPEN, protected=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    due_at = models.DateTimeField(_("due"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation level"), default=0, help_text=_("0 none, 1 department lead told, 2 executive told.")
    )
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    held_orders = models.ManyToManyField(
        "members.Order", verbose_name=_("orders held"), blank=True, related_name="holding_work_orders"
    )

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pull", "kind"], name="one_work_order_of_a_kind_per_pull"),
        ]
        indexes = [
            models.Index(fields=["department", "state", "due_at"], name="work_order_queue_idx"),
            models.Index(fields=["assignee", "state"], name="work_order_assignee_idx"),
            models.Index(fields=["state", "due_at"], name="work_order_overdue_idx"),
        ]

    def __str__(self) -> str:
        return f"WO-{self.pk} {self.get_kind_display()}"

    def is_overdue(self, now=None) -> bool:
        return self.state in self.ACTIVE and self.due_at < (now or timezone.now())

    def _has_outcome(self) -> bool:
        return self.outcome in self.OUTCOMES_BY_KIND[self.kind]

    @transition(field=state, source=State.OPEN, target=State.IN_PROGRESS)
    def start(self) -> None:
        pass

    @transition(field=state, source=State.IN_PROGRESS, target=State.RESOLVED, conditions=[_has_outcome])
    def resolve(self) -> None:
        self.resolved_at = timezone.now()

    @transition(field=state, source=State.RESOLVED, target=State.CONFIRMED)
    def confirm(self) -> None:
        pass

    @transition(field=state, source=State.CONFIRMED, target=State.CLOSED)
    def close(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=state, source=ACTIVE, target=State.CANCELLED)
    def cancel(self) -> None:
        self.closed_at = timezone.now()


class WorkOrderAttachment(models.Model):
    """Evidence on a work order: inspection photos, the supplier's written answer."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="work-orders/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]


class SupplierAnswer(models.Model):
    """The supplier's answer to one complaint point: a response must address each complaint on the pull."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="supplier_answers")
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="+")
    answer = models.TextField(_("supplier's answer"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["work_order", "complaint"], name="one_answer_per_complaint_point")]


class RootCauseReview(FSMModelMixin, models.Model):
    """Five whys or more, ending at a process-level cause, with corrective actions. Every pull has one."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        COMPLETE = "complete", _("complete")

    class CauseCategory(models.TextChoices):
        SUPPLIER_QUALITY = "supplier_quality", _("supplier quality")
        PACKAGING = "packaging", _("packaging")
        WAREHOUSE_HANDLING = "warehouse_handling", _("warehouse handling")
        CARRIER = "carrier", _("carrier")
        LISTING_CONTENT = "listing_content", _("listing content")
        PROCESS_DESIGN = "process_design", _("process design")
        TRAINING = "training", _("training")

    pull = models.OneToOneField(AndonPull, verbose_name=_("pull"), on_delete=models.PROTECT, related_name="review")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="root_cause_reviews",
    )
    state = FSMField(_("state"), choices=State.choices, default=State.OPEN, protected=True)
    cause_category = models.CharField(_("cause category"), max_length=30, choices=CauseCategory.choices, blank=True)
    root_cause = models.TextField(_("process-level root cause"), blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("root-cause review")
        verbose_name_plural = _("root-cause reviews")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["state", "completed_at", "cause_category"], name="review_pareto_idx")]

    @transition(field=state, source=State.OPEN, target=State.COMPLETE)
    def complete(self) -> None:
        self.completed_at = timezone.now()


class WhyStep(models.Model):
    review = models.ForeignKey(RootCauseReview, on_delete=models.CASCADE, related_name="whys")
    position = models.PositiveSmallIntegerField(_("step"))
    question = models.CharField(_("why?"), max_length=300)
    answer = models.TextField(_("because"))

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["review", "position"], name="why_step_position_unique")]


class CorrectiveAction(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    review = models.ForeignKey(RootCauseReview, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="corrective_action_due_idx")]
