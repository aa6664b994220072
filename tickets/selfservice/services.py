"""The member's own report: the complaint and its photos in one transaction."""

from django.db import transaction

from ..complaints.models import Complaint
from ..complaints.services import file_complaint
from ..conversation.services import add_complaint_photos


@transaction.atomic
def report_problem(*, customer, order_line, issue_code, text: str, photos: list | None = None) -> Complaint:
    """File the customer's complaint about a line of their order, with up to three photos.

    All or nothing: a refused photo (PhotoRefused: too many, over 5 MB, not JPEG/PNG/WebP) files no
    complaint. Raises DomainError as `file_complaint` does.
    """
    complaint = file_complaint(
        customer=customer, order_line=order_line, issue_code=issue_code, text=text,
        channel=Complaint.Channel.SELF_SERVICE,
    )
    if photos:
        add_complaint_photos(complaint=complaint, uploader=customer, photos=photos)
    return complaint
