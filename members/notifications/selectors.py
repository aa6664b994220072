"""Reads about a member's inbox, and the header's counts."""

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from ..cart.models import CartItem
from ..roles import is_staff_role
from .kinds import CUSTOMERS, MessageKind, all_kinds
from .models import Notification, NotificationPreference


def header_counts(user) -> tuple[int, int]:
    """Units in the user's cart and their unread notifications, in one query.

    Every page's header shows both, so they share a single round trip (two indexed subqueries).
    """
    cart_units = (
        CartItem.objects.filter(cart__customer=OuterRef("pk"))
        .order_by()
        .values("cart__customer")
        .annotate(units=Sum("quantity"))
        .values("units")
    )
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        get_user_model().objects.filter(pk=user.pk)
        .annotate(
            cart_units=Coalesce(Subquery(cart_units, output_field=IntegerField()), Value(0)),
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
        )
        .values_list("cart_units", "unread")
        .get()
    )


def inbox_of(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first: no one reads another's inbox."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def email_preferences_of(user) -> list[tuple[MessageKind, bool]]:
    """The kinds of notification `user` can receive, each with whether it comes by e-mail too (one query).

    Customers' kinds are everyone's (staff buy too); staff kinds are shown to staff roles only.
    A kind that always e-mails is True whatever was stored.
    """
    staff = is_staff_role(user)
    kinds = [kind for kind in all_kinds() if kind.audience == CUSTOMERS or staff]
    in_app_only = set(
        NotificationPreference.objects.filter(user=user, by_email=False).values_list("kind", flat=True)
    )
    return [(kind, kind.always_email or kind.name not in in_app_only) for kind in kinds]
