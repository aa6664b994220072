"""One text rule everywhere: free text with bidi overrides, replacement or control characters is
refused with a clear message by the service that would store it (flywheel.text.require_readable).

The work order's resolve notes are in tests/andon/work_orders/test_services.py; the pull's reason,
the whys and the complaint text in their own apps' tests.
"""

import pytest

from flywheel.errors import DomainError
from flywheel.factories import ProductFactory
from members.orders.services import ShippingDetails, place_order
from tickets.complaints.services import close_complaint, resolve_complaint
from tickets.factories import ComplaintFactory

UNREADABLE = ["Paid \u202egnp.exe", "Paid \ufffd", "Paid\x00", "\x1b[31mred"]


@pytest.mark.parametrize("note", UNREADABLE)
@pytest.mark.parametrize("settle", [resolve_complaint, close_complaint], ids=["resolve", "close"])
def test_a_complaint_note_with_unreadable_characters_is_refused(agent, settle, note):
    complaint = ComplaintFactory(product=ProductFactory(stock=1))

    with pytest.raises(DomainError, match="The note contains characters that are not readable text"):
        settle(complaint=complaint, actor=agent, note=note)

    complaint.refresh_from_db()
    assert complaint.state == "open"


@pytest.mark.parametrize("text", UNREADABLE)
@pytest.mark.parametrize(
    ("field", "message"),
    [("name", "The recipient's name"), ("address", "The address"), ("phone", "The phone number")],
)
def test_a_checkout_name_address_or_phone_with_unreadable_characters_is_refused(customer, field, message, text):
    shipping = ShippingDetails(**{"name": "Li Lei", "address": "1 Nanjing Road", "phone": "13800000000", field: text})

    with pytest.raises(DomainError, match=f"{message} contains characters that are not readable text"):
        place_order(customer=customer, shipping=shipping)

    assert not customer.orders.exists()
