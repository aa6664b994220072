"""The managers' day at the front line, and what they take back from it.

Every staff member in a managing role spends one whole day answering customers within
FRONT_LINE_DAY_WITHIN_DAYS of joining (see `policy.py` for who counts as managing and how the due
date is computed). A problem they mark "take back" on that day becomes a `TakeBackItem` owned by
them and listed in their department's queue.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from tickets.models import Complaint

TAKE_BACK_WHAT_MAX_LENGTH = 200


class TakeBackDepartment(models.TextChoices):
    """The departments a take-back item can belong to: each managing role's own (see policy.ROLE_DEPARTMENTS)."""

    CUSTOMER_SERVICE = "customer_service", _("customer service")
    VENDOR_MANAGEMENT = "vendor_management", _("vendor management")
    PARTNER_MANAGEMENT = "partner_management", _("partner management")
    WAREHOUSE = "warehouse", _("warehouse and logistics")
    QUALITY = "quality", _("quality")
    EXECUTIVES = "executives", _("executives")


class FrontLineDay(FSMModelMixin, models.Model):
    """One day a managing staff member works the agent console as an agent.

    scheduled -> worked (they handled complaints that day, or pressed "worked"), or -> missed (the
    day passed without either), or -> cancelled. A staff member has at most one scheduled day.
    """

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        WORKED = "worked", _("worked")
        MISSED = "missed", _("missed")
        CANCELLED = "cancelled", _("cancelled")

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="front_line_days"
    )
    scheduled_on = models.DateField(_("scheduled for"))
    state = FSMField(_("state"), choices=State.choices, default=State.SCHEDULED, protected=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scheduled by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("front-line day")
        verbose_name_plural = _("front-line days")
        ordering = ["-scheduled_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"], condition=Q(state="scheduled"), name="frontline_one_scheduled_day_per_staff"
            ),
        ]
        indexes = [
            # "who works the console today" and the end-of-day close read (staff, state, date).
            models.Index(fields=["staff", "state", "scheduled_on"], name="frontline_day_staff_idx"),
            models.Index(fields=["state", "scheduled_on"], name="frontline_day_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.scheduled_on} ({self.get_state_display()})"

    @transition(field=state, source=State.SCHEDULED, target=State.WORKED)
    def work(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=state, source=State.SCHEDULED, target=State.MISSED)
    def miss(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=state, source=State.SCHEDULED, target=State.CANCELLED)
    def cancel(self) -> None:
        self.closed_at = timezone.now()


class TakeBackItem(FSMModelMixin, models.Model):
    """A problem a manager saw at the front line and takes back to their own department: open -> done / dropped."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    what = models.CharField(_("what"), max_length=TAKE_BACK_WHAT_MAX_LENGTH)
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.PROTECT, related_name="take_back_items"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="take_back_items"
    )
    department = models.CharField(_("department"), max_length=30, choices=TakeBackDepartment.choices)
    front_line_day = models.ForeignKey(
        FrontLineDay, verbose_name=_("front-line day"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="take_back_items",
    )
    due_on = models.DateField(_("due"))
    status = FSMField(_("status"), choices=Status.choices, default=Status.OPEN, protected=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("take-back item")
        verbose_name_plural = _("take-back items")
        ordering = ["due_on", "id"]
        indexes = [
            # The department queue and the weekly report: open items by department, soonest due first.
            models.Index(fields=["status", "department", "due_on"], name="takeback_queue_idx"),
            models.Index(fields=["owner", "status"], name="takeback_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.what

    @transition(field=status, source=Status.OPEN, target=Status.DONE)
    def finish(self) -> None:
        self.closed_at = timezone.now()

    @transition(field=status, source=Status.OPEN, target=Status.DROPPED)
    def drop(self) -> None:
        self.closed_at = timezone.now()
