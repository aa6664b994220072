"""What is said on a complaint, and the photos the customer sent with it.

A message is one of three kinds: a reply from staff to the customer, the customer's own message,
or an internal note that only staff ever see. Photos are stored re-encoded (no EXIF, no GPS) under
`private/complaint-photos/` in the default storage and served only by a view that checks access.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..complaints.models import Complaint

# Files under this folder of MEDIA_ROOT are never served as plain media: only the photo view,
# which checks who asks, hands them out. A web server that serves MEDIA_ROOT must skip it.
PRIVATE_PHOTO_FOLDER = "private/complaint-photos"


class ComplaintMessage(models.Model):
    """One entry of a complaint's conversation, immutable once written."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("reply to the customer")
        CUSTOMER = "customer", _("message from the customer")
        NOTE = "note", _("internal note")

    # What the customer may read: never an internal note.
    CUSTOMER_VISIBLE = (Kind.REPLY, Kind.CUSTOMER)

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint message")
        verbose_name_plural = _("complaint messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["complaint", "created_at"], name="complaint_message_thread_idx")]

    def __str__(self) -> str:
        return f"#{self.complaint_id} {self.kind} {self.pk}"

    @property
    def is_visible_to_customer(self) -> bool:
        return self.kind in self.CUSTOMER_VISIBLE


def photo_path(photo: "ComplaintPhoto", filename: str) -> str:
    # A random name: the stored file says nothing about the customer's own file name.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"{PRIVATE_PHOTO_FOLDER}/{photo.complaint_id}/{uuid.uuid4().hex}.{extension}"


class ComplaintPhoto(models.Model):
    """A photo the customer sent with a report, re-encoded from its pixels (no location data)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to=photo_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=20)
    width = models.PositiveIntegerField(_("width (px)"))
    height = models.PositiveIntegerField(_("height (px)"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint photo")
        verbose_name_plural = _("complaint photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.complaint_id} photo {self.pk}"
