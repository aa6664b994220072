"""Writes on a complaint's conversation: replies, internal notes, the customer's messages, photos.

Each is one transaction with its audit row; e-mails and in-app notices leave through the outbox
after commit (`jobs.py`), so a rollback tells nobody anything.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.outbox.services import send_after_commit
from flywheel.services import apply_transition, record_audit
from flywheel.text import require_readable

from ..complaints.models import Complaint
from . import jobs
from .models import ComplaintMessage, ComplaintPhoto
from .photos import check_photo_count, clean_photo
from .policy import customer_may_write, is_complaint_customer, may_write_to_customer

MAX_MESSAGE = 5000


def _readable_body(body: str) -> str:
    body = require_readable((body or "").strip(), field=_("The message"), max_length=MAX_MESSAGE)
    if not body:
        raise DomainError(_("Write the message first."))
    return body


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _write(*, complaint: Complaint, author, kind: str, body: str, now=None) -> ComplaintMessage:
    message = ComplaintMessage.objects.create(
        complaint=complaint, author=author, kind=kind, body=body, created_at=now or timezone.now()
    )
    record_audit(obj=message, action=f"message:{kind}", actor=author)
    return message


@transaction.atomic
def reply_to_customer(*, complaint: Complaint, author, body: str, now=None) -> ComplaintMessage:
    """Send the customer a reply: they read it on their order page and in "My reports", and get it
    in-app and by e-mail in their language. Sets `Complaint.last_reply_to_customer_at`.

    Raises PermissionDenied for someone who does not work the console, DomainError for an empty,
    unreadable or too long (over 5,000 characters) message.
    """
    if not may_write_to_customer(author):
        raise PermissionDenied(_("Only customer service replies to customers."))
    body = _readable_body(body)
    complaint = _locked(complaint)
    message = _write(complaint=complaint, author=author, kind=ComplaintMessage.Kind.REPLY, body=body, now=now)
    # Under the row lock, so two agents replying at once leave the later of their two times.
    if complaint.last_reply_to_customer_at is None or message.created_at > complaint.last_reply_to_customer_at:
        complaint.last_reply_to_customer_at = message.created_at
        complaint.save(update_fields=["last_reply_to_customer_at"])
    send_after_commit(jobs.tell_customer_about_reply, queue="notifications", message_id=message.pk)
    return message


@transaction.atomic
def add_internal_note(*, complaint: Complaint, author, body: str, now=None) -> ComplaintMessage:
    """Leave a note for colleagues on the complaint: staff only, never shown to the customer.

    Raises PermissionDenied for someone who does not work the console, DomainError for a bad message.
    """
    if not may_write_to_customer(author):
        raise PermissionDenied(_("Only customer service writes internal notes."))
    body = _readable_body(body)
    return _write(complaint=_locked(complaint), author=author, kind=ComplaintMessage.Kind.NOTE, body=body, now=now)


@transaction.atomic
def reply_as_customer(*, complaint: Complaint, customer, body: str, now=None) -> ComplaintMessage:
    """The customer answers on their own complaint. A resolved complaint opens again (the customer
    is not satisfied); the agent who took it is told.

    Raises PermissionDenied when the complaint is someone else's, DomainError when it is closed or
    the message is bad.
    """
    if not is_complaint_customer(customer, complaint):
        raise PermissionDenied(_("This report belongs to another customer."))
    body = _readable_body(body)
    complaint = _locked(complaint)
    if not customer_may_write(complaint):
        raise DomainError(
            _("This report is closed. If something is still wrong, report a new problem from your order.")
        )
    message = _write(complaint=complaint, author=customer, kind=ComplaintMessage.Kind.CUSTOMER, body=body, now=now)
    if complaint.state == Complaint.State.RESOLVED:
        apply_transition(
            obj=complaint, verb="reopen", field="state", actor=customer,
            note=_("The customer wrote again after it was resolved."),
        )
    if complaint.taken_by_id is not None:
        send_after_commit(jobs.tell_agent_about_customer_message, queue="notifications", message_id=message.pk)
    return message


@transaction.atomic
def add_complaint_photos(*, complaint: Complaint, uploader, photos: list) -> list[ComplaintPhoto]:
    """Store up to three photos on the complaint, each checked by its content and re-encoded without
    its metadata (EXIF, GPS). All or none.

    `photos` are uploaded files. Raises PermissionDenied unless the uploader is the complaint's
    customer, PhotoRefused (a DomainError) for a photo too many, too big (over 5 MB) or not a
    JPEG, PNG or WebP image.
    """
    if not is_complaint_customer(uploader, complaint):
        raise PermissionDenied(_("Only the customer who reported the problem adds photos to it."))
    complaint = _locked(complaint)
    check_photo_count(complaint.photos.count() + len(photos))
    # Every photo is checked before any file is written, so a refused one leaves nothing behind.
    cleaned = [clean_photo(upload) for upload in photos]
    stored: list[ComplaintPhoto] = []
    try:
        for photo in cleaned:
            row = ComplaintPhoto(
                complaint=complaint, content_type=photo.content_type, width=photo.width, height=photo.height,
                size=photo.size, uploaded_by=uploader,
            )
            row.image.save(photo.content.name, photo.content, save=False)
            stored.append(row)
            row.save()
            record_audit(obj=row, action="photo:add", actor=uploader)
    except Exception:
        for row in stored:
            row.image.delete(save=False)
        raise
    return stored
