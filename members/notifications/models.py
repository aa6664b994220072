"""An in-app notification, sent once per key to one recipient, and what each user wants e-mailed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import kind_named, render


class Notification(models.Model):
    """An in-app message to one user. `key` makes sending idempotent: a retried job adds nothing."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=120)
    # What happened: the kind's name and its parameters; the words are rendered when read (kinds.py).
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The words as first sent, in the recipient's language then: what rows without a kind show, and the
    # fallback when a kind is no longer registered.
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx")]

    def rendered(self) -> tuple[str, str]:
        """(subject, body) in the active language; the stored words when there is no kind to render."""
        kind = kind_named(self.kind)
        if kind is None:
            return self.subject, self.body
        try:
            return render(kind, self.params)
        except (KeyError, TypeError, ValueError):  # parameters written for an older template
            return self.subject, self.body

    @property
    def display_subject(self) -> str:
        return self.rendered()[0]

    @property
    def display_body(self) -> str:
        return self.rendered()[1]


class NotificationPreference(models.Model):
    """One user's choice for one kind of notification: in the app only, or by e-mail too.

    No row means the default, e-mail on. Kinds that always go by e-mail (orders, holds) ignore it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=60)
    by_email = models.BooleanField(_("also by e-mail"), default=True)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} / {self.kind}"
