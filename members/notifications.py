"""In-app notifications with an email copy, sent once per key."""

from django.core.mail import send_mail

from .models import Notification


def notify(*, recipients, key: str, subject: str, body: str = "", link: str = "") -> int:
    """Send an in-app notification and an email to each recipient, once per key.

    Called from jobs; a retried job finds the notification already there and sends nothing again.
    Returns how many recipients were notified now.
    """
    sent = 0
    for user in {user.pk: user for user in recipients if user is not None}.values():
        _note, created = Notification.objects.get_or_create(
            recipient=user, key=key, defaults={"subject": subject[:200], "body": body, "link": link}
        )
        if created and user.email:
            send_mail(subject, f"{body}\n\n{link}".strip(), None, [user.email])
        sent += created
    return sent
