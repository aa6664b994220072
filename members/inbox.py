"""The in-app inbox's writes: marking notifications read.

Sending lives in `members.notifications.notify` (called from jobs); reading the inbox is in
`members.selectors`. Both writes are single UPDATE statements scoped to the recipient, so two
tabs marking the same notification cannot overwrite the first time it was read.
"""

from django.utils import timezone

from .models import Notification


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
