"""Notifications' writes: sending (in-app with an email copy, once per key, each in its recipient's
language), marking the inbox read, and each user's choice of what comes by e-mail.

Marking read is a single UPDATE scoped to the recipient, so two tabs marking the same notification
cannot overwrite the first time it was read.
"""

import hashlib

from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.utils import timezone, translation

from flywheel.links import absolute_url

from flywheel.services import record_audit

from ..accounts.models import Profile
from .kinds import MessageKind, all_kinds, kind_named, render
from .models import Notification, NotificationPreference


def _render(text) -> str:
    return text() if callable(text) else str(text)


def notify(
    *, recipients, key: str, kind: str = "", params: dict | None = None, subject="", body="", link: str = "",
    languages: dict | None = None,
) -> int:
    """Send an in-app notification and an email to each recipient, once per key.

    The way to call it: `kind` names a registered MessageKind (`members/notifications/kinds.py`) and
    `params` ({name: JSON value, `moment(dt)`, `in_each_language(fn)`}) fill its templates. The row keeps
    the kind and parameters, so the inbox writes the words in the language the reader uses when reading;
    the e-mail is written in the recipient's language now. The recipient's preferences apply: no e-mail
    for a kind they keep in the app only, unless the kind always e-mails (orders, holds).
    The older way still works (calls not yet converted): `subject` and `body` as text, or callables giving
    the text in the active language; such rows keep their words in the recipient's language at send time.
    Either way the rendered words are stored too (the admin's search; the fallback for a kind gone since).

    `languages` ({user id: language}) is for a caller that already knows them; otherwise each recipient's
    Profile language, else the active one. `link` is a site path (`reverse()`): the in-app notification
    opens it, the e-mail carries it whole (SITE_URL + path). Called from jobs; a retried job finds the
    notification already there and sends nothing again. An e-mail that fails to send raises: its
    notification is not kept, so the job fails and the outbox runs it again (with a backoff) until it is
    sent. Returns how many recipients were notified now. Raises ValueError for an unregistered kind.
    """
    message_kind = kind_named(kind)
    if kind and message_kind is None:
        raise ValueError(f"No notification kind {kind!r} is registered.")
    params = params or {}
    users = {user.pk: user for user in recipients if user is not None}
    email_link = absolute_url(link) if link else ""
    if languages is not None:
        chosen = languages
    else:
        chosen = dict(Profile.objects.filter(user_id__in=users).values_list("user_id", "language")) if users else {}
    in_app_only = _in_app_only(message_kind, users)
    sent = 0
    for user in users.values():
        with translation.override(chosen.get(user.pk) or translation.get_language()):
            if message_kind is not None:
                subject_text, body_text = render(message_kind, params)
            else:
                subject_text, body_text = _render(subject), _render(body)
        # The row and its e-mail in one transaction: a job that dies after sending rolls the row back and
        # sends again with the same Message-ID, which mail systems drop as a duplicate.
        with transaction.atomic():
            _note, created = Notification.objects.get_or_create(
                recipient=user, key=key,
                defaults={"kind": kind, "params": params, "subject": subject_text[:200], "body": body_text, "link": link},
            )
            if created and user.email and user.pk not in in_app_only:
                _email(subject_text, f"{body_text}\n\n{email_link}".strip(), user=user, key=key).send()
        sent += created
    return sent


def _in_app_only(kind: MessageKind | None, users: dict) -> set[int]:
    """Ids of the users who keep `kind` in the app only (one query for all of them); none for a kind that always e-mails."""
    if kind is None or kind.always_email or not users:
        return set()
    return set(
        NotificationPreference.objects.filter(user_id__in=users, kind=kind.name, by_email=False).values_list("user_id", flat=True)
    )


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


@transaction.atomic
def set_email_preferences(*, user, by_email: dict[str, bool]) -> list[str]:
    """Keep, per kind of notification, whether `user` wants it by e-mail too (True) or in the app only.

    `by_email` is {kind name: bool}; kinds that always e-mail, or that are not registered, are ignored.
    Writes only what changed, with an audit row on the user naming the change. Returns the changed kinds' names.
    """
    switchable = {kind.name for kind in all_kinds() if not kind.always_email}
    wanted = {name: bool(choice) for name, choice in by_email.items() if name in switchable}
    current = dict(
        NotificationPreference.objects.select_for_update()
        .filter(user=user, kind__in=wanted)
        .values_list("kind", "by_email")
    )
    changed = [name for name, choice in wanted.items() if current.get(name, True) != choice]
    now = timezone.now()
    for name in changed:
        NotificationPreference.objects.update_or_create(
            user=user, kind=name, defaults={"by_email": wanted[name], "updated_at": now}
        )
    if changed:
        note = ", ".join(f"{name}={'email' if wanted[name] else 'in-app'}" for name in changed)
        record_audit(obj=user, action="notification_preferences", actor=user, note=note)
    return changed
