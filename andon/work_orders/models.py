"""Work orders: what a pull pushes to the back office, the departments that own them, and their evidence."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from flywheel.models import Lot
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
    confirm_escalation_level = models.PositiveSmallIntegerField(
        _("confirmation escalation level"), default=0,
        help_text=_("Quality's clock, since the last resolution: 0 none, 1 quality's lead told, 2 executive told."),
    )
    cancel_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    held_orders = models.ManyToManyField(
        "members.Order", verbose_name=_("orders held"), blank=True, related_name="holding_work_orders"
    )
    # What the warehouse's "lot returned" resolution named; the lots go back (and the held orders are
    # served from the others, or refunded) only when quality confirms and the work order closes.
    returned_lots = models.ManyToManyField(Lot, verbose_name=_("lots returned"), blank=True, related_name="+")
    sent_back_at = models.DateTimeField(_("last sent back"), null=True, blank=True)
    send_back_reason = models.CharField(_("why sent back"), max_length=300, blank=True)

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

    @property
    def waits_for_quality(self) -> bool:
        """Resolved (or confirmed) and not yet closed: the clock is quality's, not the department's."""
        return self.state in QUALITY_HOLDS

    @property
    def clock_due_at(self):
        """When whoever holds the work now must be done: quality's confirmation (`confirm_due_at`) while
        it waits for quality, else the department's `due_at`."""
        return self.confirm_due_at if self.waits_for_quality else self.due_at

    @property
    def confirm_due_at(self):
        """Quality's due time: QUALITY_CONFIRM_WITHIN_HOURS (a setting, read now) after the resolution; None before."""
        if self.resolved_at is None:
            return None
        return self.resolved_at + quality_confirm_window()

    def is_overdue(self, now=None) -> bool:
        """In memory, what `overdue_now` (below) asks of the database: the holder of the work is past its due time."""
        if self.state not in self.ACTIVE:
            return False
        return self.clock_due_at < (now or timezone.now())

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

    @transition(field=state, source=State.RESOLVED, target=State.IN_PROGRESS)
    def send_back(self) -> None:
        """Quality returns the work to its department. The department's clock resumes where it stood
        at the resolution: `due_at` moves on by the time the work waited for quality, so the
        department gets back exactly the time it had left (none, if it resolved late), and quality's
        wait is never counted against it. Why not the original due time: the department would pay for
        quality's hours; why not a fresh window: a rushed resolution would buy a whole new SLA.
        The outcome is cleared (it was not accepted); the audit row keeps it."""
        now = timezone.now()
        if self.resolved_at is not None:
            self.due_at += max(now - self.resolved_at, timedelta(0))
        self.sent_back_at = now
        self.outcome = ""
        self.resolved_at = None

    @transition(field=state, source=State.CONFIRMED, target=State.CLOSED)
    def close(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=state, source=ACTIVE, target=State.CANCELLED)
    def cancel(self) -> None:
        self.closed_at = timezone.now()


# Resolved, waiting for quality's confirmation (confirmed only for the instant before it closes).
QUALITY_HOLDS = (WorkOrder.State.RESOLVED, WorkOrder.State.CONFIRMED)


def quality_confirm_window() -> timedelta:
    """How long quality has to confirm (or send back) a resolved work order: QUALITY_CONFIRM_WITHIN_HOURS."""
    return timedelta(hours=settings.QUALITY_CONFIRM_WITHIN_HOURS)


def overdue_now(now=None) -> Q:
    """Overdue from the data, so it is right whether or not a job has run: whoever holds the work is
    past its due time. The department holds an open or in-progress work order (due at `due_at`);
    quality holds a resolved one (due QUALITY_CONFIRM_WITHIN_HOURS after `resolved_at`), so a
    resolved work order is never overdue against the department that resolved it.

    The one definition of "overdue" for queries (queues, the admin filter, the API, the escalation,
    the weekly report); `WorkOrder.is_overdue` is the same test on a loaded row.
    """
    now = now or timezone.now()
    department_holds = [state for state in WorkOrder.ACTIVE if state not in QUALITY_HOLDS]
    return Q(state__in=department_holds, due_at__lt=now) | Q(
        state__in=QUALITY_HOLDS, resolved_at__lt=now - quality_confirm_window()
    )


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



class ShippedFollowUp(models.Model):
    """One run of "tell the customers whose orders had already shipped": who ran it, when, how many
    customers it told (those not told before) and the coupon, if one went with it."""

    work_order = models.ForeignKey(WorkOrder, verbose_name=_("work order"), on_delete=models.PROTECT, related_name="follow_ups")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    customers_told = models.PositiveIntegerField(_("customers told"))
    coupon_amount = models.DecimalField(_("coupon (CNY)"), max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("shipped-order follow-up")
        verbose_name_plural = _("shipped-order follow-ups")
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"WO-{self.work_order_id} follow-up {self.sent_at:%Y-%m-%d %H:%M}"


class FollowedUpCustomer(models.Model):
    """A customer told about the pulled product they already have: at most once per work order."""

    follow_up = models.ForeignKey(ShippedFollowUp, on_delete=models.PROTECT, related_name="customers")
    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="followed_up_customers")
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    order_numbers = models.CharField(_("orders"), max_length=300)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    coupon = models.ForeignKey("members.Coupon", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["work_order", "customer"], name="one_follow_up_per_customer_and_work_order")]
