"""Who may say what on a complaint, and who may read which part of its conversation.

Staff who work the console (agents, managers, a manager on their front-line day: see
`tickets.complaints.policy.may_handle_complaints`) read everything, internal notes included, and
write replies and notes. The customer reads the replies and their own messages on their own
complaints, never a note, and writes messages on their own complaints while they are not closed.
"""

from ..complaints.models import Complaint
from ..complaints.policy import may_handle_complaints


def may_write_to_customer(user) -> bool:
    """Reply to the customer or add an internal note: the console's people."""
    return may_handle_complaints(user)


def may_read_internal_notes(user) -> bool:
    return may_handle_complaints(user)


def is_complaint_customer(user, complaint: Complaint) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and complaint.customer_id == user.pk


def customer_may_write(complaint: Complaint) -> bool:
    """A closed complaint takes no more messages (the customer reports a new problem instead);
    an open or resolved one does (a message on a resolved one opens it again)."""
    return complaint.state != Complaint.State.CLOSED
