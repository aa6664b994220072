import pytest

from flywheel.errors import DomainError
from flywheel.factories import ProductFactory
from members.factories import OrderFactory, UserFactory
from tickets.factories import IssueCodeFactory
from tickets.models import Complaint
from tickets.complaints.services import file_complaint


def test_complaint_text_with_undecodable_bytes_is_refused_and_nothing_is_filed(db):
    customer = UserFactory()
    line = OrderFactory(customer=customer, lines=[(ProductFactory(), 1)]).lines.get()

    with pytest.raises(DomainError, match="not readable text"):
        file_complaint(
            customer=customer, issue_code=IssueCodeFactory(), text=b"\xff\xfe uncut".decode("utf-8", "replace"),
            channel="phone", order_line=line,
        )

    assert Complaint.objects.count() == 0
