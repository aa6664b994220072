"""Work orders: what a pull pushes to the back office, the departments that own them, and their evidence."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from members.roles import Role
from tickets.models import Complaint

from andon.pulls.models import AndonPull

class Department(models.TextChoices):
    SUPPLIER_MANAGEMENT = "supplier_management", _("supplier management")
    WAREHOUSE = "warehouse", _("warehouse and logistics")
    PARTNER_MANAGEMENT = "partner_management", _("partner management")
    QUALITY = "quality", _("quality")
    PROCESS_OWNER = "process_owner", _("process owner")



# Which roles work in each department. The model needs it (a lead must hold the role), so it lives
# here, below the policy and the services that also read it.
DEPARTMENT_ROLES = {
    Department.SUPPLIER_MANAGEMENT: [Role.VENDOR_MANAGER],
    Department.WAREHOUSE: [Role.WAREHOUSE],
    Department.PARTNER_MANAGEMENT: [Role.PARTNER_MANAGER],
    Department.QUALITY: [Role.QUALITY],
    Department.PROCESS_OWNER: [],
}

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
            # The weekly report's open and overdue work orders by pull: only the active ones (the
            # states of WorkOrder.ACTIVE, which a Meta cannot name; a test keeps the two equal), a
            # few hundred among the whole history's closed ones, due dates in the index (PostgreSQL).
            models.Index(
                fields=["pull"], include=["id", "due_at"],
                condition=Q(state__in=["open", "in_progress", "resolved", "confirmed"]), name="work_order_active_pull_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"WO-{self.pk} {self.get_kind_display()}"

    def is_overdue(self, now=None) -> bool:
        """In memory, what `overdue_now` (below) asks of the database: active and past due."""
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


def overdue_now(now=None) -> Q:
    """Overdue from the data alone (active and past due), so it is right whether or not a job has run.

    The one definition of "overdue" for queries (queues, the admin filter, the API, the escalation);
    `WorkOrder.is_overdue` is the same test on a loaded row.
    """
    return Q(state__in=WorkOrder.ACTIVE, due_at__lt=now or timezone.now())


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

