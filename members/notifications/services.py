"""Notifications' writes: sending (in-app with an email copy, once per key, each in its recipient's
language) and marking the inbox read.

Marking read is a single UPDATE scoped to the recipient, so two tabs marking the same notification
cannot overwrite the first time it was read.
"""

import hashlib

from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.utils import timezone, translation

from flywheel.links import absolute_url

from ..accounts.models import Profile
from .models import Notification


def _render(text) -> str:
    return text() if callable(text) else str(text)


def notify(*, recipients, key: str, subject, body="", link: str = "", languages: dict | None = None) -> int:
    """Send an in-app notification and an email to each recipient, once per key.

    `subject` and `body` are text, or callables giving the text in the active language: each
    recipient gets it in the language they chose (their Profile), else in the active one.
    `languages` ({user id: language}) is for a caller that already knows them. `link` is a site
    path (`reverse()`): the in-app notification opens it, the e-mail carries it whole (SITE_URL + path).
    Called from jobs; a retried job finds the notification already there and sends nothing again.
    An e-mail that fails to send raises: its notification is not kept, so the job fails and the
    outbox runs it again (with a backoff) until it is sent. Returns how many recipients were notified now.
    """
    users = {user.pk: user for user in recipients if user is not None}
    email_link = absolute_url(link) if link else ""
    if languages is not None:
        chosen = languages
    else:
        chosen = dict(Profile.objects.filter(user_id__in=users).values_list("user_id", "language")) if users else {}
    sent = 0
    for user in users.values():
        with translation.override(chosen.get(user.pk) or translation.get_language()):
            subject_text, body_text = _render(subject), _render(body)
        # The row and its e-mail in one transaction: a job that dies after sending rolls the row back and
        # sends again with the same Message-ID, which mail systems drop as a duplicate.
        with transaction.atomic():
            _note, created = Notification.objects.get_or_create(
                recipient=user, key=key, defaults={"subject": subject_text[:200], "body": body_text, "link": link}
            )
            if created and user.email:
                _email(subject_text, f"{body_text}\n\n{email_link}".strip(), user=user, key=key).send()
        sent += created
    return sent


def _email(subject: str, body: str, *, user, key: str) -> EmailMessage:
    """The e-mail copy of a notification, carrying its dedupe key (recipient + notification key)."""
    dedupe_key = f"{user.pk}:{key}"
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]
    headers = {"Message-ID": f"<notification.{digest}@{DNS_NAME}>", "X-Andon-Dedupe-Key": dedupe_key}
    return EmailMessage(subject, body, None, [user.email], headers=headers)


def chosen_language(user, fallback: str) -> str:
    """The language the user chose (their Profile, when it was select_related or fetched), else `fallback`."""
    try:
        return user.profile.language
    except Profile.DoesNotExist:
        return fallback


def mark_read(*, notification: Notification, now=None) -> bool:
    """Mark one notification read; one that is read already keeps the time it was first read.

    Returns whether it was unread until now.
    """
    read_at = now or timezone.now()
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=read_at)
    if changed:
        notification.read_at = read_at
    return bool(changed)


def mark_all_read(*, recipient, now=None) -> int:
    """Mark every unread notification of `recipient` read; returns how many there were."""
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=now or timezone.now())
