"""The transactional outbox: a job a service wants run, written in the same transaction as the
change that causes it, so a rollback leaves none and a commit loses none (see services.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One job to hand to RQ: `job` is the dotted path of a django-rq job, `kwargs` its arguments."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Handed to the queue")
        DONE = "done", _("Done")
        DEAD = "dead", _("Dead letter")

    job = models.CharField(_("job"), max_length=200)
    queue = models.CharField(_("queue"), max_length=50, default="default")
    kwargs = models.JSONField(_("arguments"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    available_at = models.DateTimeField(_("due"), default=timezone.now)
    sent_at = models.DateTimeField(_("handed to the queue"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["status", "available_at"], name="outbox_due")]

    def __str__(self):
        return f"#{self.pk} {self.job}"
