"""Reads of a complaint's conversation, each scoped to who reads it."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from flywheel.models import AuditEvent

from ..complaints.models import Complaint
from .models import ComplaintMessage, ComplaintPhoto
from .policy import may_handle_complaints

# The state changes a complaint's timeline shows beside its messages.
TIMELINE_ACTIONS = ("resolve", "close", "reopen")


def customer_messages() -> QuerySet[ComplaintMessage]:
    """Messages a customer may read: replies and their own, never an internal note."""
    return ComplaintMessage.objects.filter(kind__in=ComplaintMessage.CUSTOMER_VISIBLE)


def reports_of(customer) -> QuerySet[Complaint]:
    """The customer's own complaints, newest first, with what their "My reports" page shows (no
    per-row queries): the item, the issue, the photos and the customer-visible messages."""
    return (
        Complaint.objects.filter(customer=customer)
        .select_related("issue_code", "order_line__order", "product", "partner", "process")
        .prefetch_related(
            Prefetch("messages", queryset=customer_messages().select_related("author"), to_attr="visible_messages"),
            "photos",
        )
        .order_by("-created_at", "-id")
    )


def with_last_reply(complaints) -> list[Complaint]:
    """The complaints of `reports_of`, each given `last_reply`: our latest reply (None before the first)."""
    complaints = list(complaints)
    for complaint in complaints:
        replies = [message for message in complaint.visible_messages if message.kind == ComplaintMessage.Kind.REPLY]
        complaint.last_reply = replies[-1] if replies else None
    return complaints


def reports_on_order(*, customer, order) -> list[Complaint]:
    """The customer's complaints about lines of one of their orders, oldest first (for the order page)."""
    return with_last_reply(reports_of(customer).filter(order_line__order=order).order_by("created_at", "id"))


def photos_visible_to(user) -> QuerySet[ComplaintPhoto]:
    """Photos the user may open: every one for the console's people, their own complaints' for a customer."""
    photos = ComplaintPhoto.objects.select_related("complaint")
    if not getattr(user, "is_authenticated", False):
        return photos.none()
    if may_handle_complaints(user):
        return photos
    return photos.filter(complaint__customer=user)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a complaint's timeline on the console: a message, or a state change."""

    at: datetime
    kind: str  # a ComplaintMessage.Kind value, or "state"
    message: ComplaintMessage | None = None
    event: AuditEvent | None = None

    @property
    def state_label(self) -> str:
        """For a state change: the state the complaint moved to, in the reader's language."""
        return Complaint.State(self.event.to_state).label if self.event is not None else ""


def staff_timeline(complaint: Complaint) -> list[TimelineEntry]:
    """Everything said on the complaint (notes included) and its state changes, oldest first.

    Two queries whatever the length of the conversation.
    """
    messages = ComplaintMessage.objects.filter(complaint=complaint).select_related("author")
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Complaint), object_id=str(complaint.pk),
        action__in=TIMELINE_ACTIONS,
    ).select_related("actor")
    entries = [TimelineEntry(at=message.created_at, kind=message.kind, message=message) for message in messages]
    entries += [TimelineEntry(at=event.at, kind="state", event=event) for event in events]
    return sorted(entries, key=lambda entry: entry.at)
