"""The root-cause review of a pull: five whys or more, a process-level cause, corrective actions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from andon.pulls.models import AndonPull

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
        indexes = [
            models.Index(fields=["state", "completed_at", "cause_category"], name="review_pareto_idx"),
            # The weekly report's review backlog: the open reviews of the week's pulls.
            models.Index(fields=["pull"], include=["id"], condition=Q(state="open"), name="review_open_pull_idx"),
        ]

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

    # Not done: `status IN (...)` rather than `!= done` in queries, so the (status, due_on) index serves them.
    NOT_DONE = [Status.PLANNED, Status.IN_PROGRESS]

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="corrective_action_due_idx")]

    def is_overdue(self, today) -> bool:
        """In memory, what `overdue_actions` (below) asks of the database: not done and past due."""
        return self.status in self.NOT_DONE and self.due_on < today


def overdue_actions(today) -> Q:
    """The one definition of an overdue corrective action for queries; `status IN (...)` rather than
    `!= done` so the (status, due_on) index serves it."""
    return Q(status__in=CorrectiveAction.NOT_DONE, due_on__lt=today)
