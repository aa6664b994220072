"""Who may grant compensation and how much: the one answer for the service and the console."""

from decimal import Decimal

from django.conf import settings

from ..complaints.policy import may_handle_complaints


def may_grant_compensation(user) -> bool:
    """Settle a customer with a coupon, refund or replacement: whoever works the complaints."""
    return may_handle_complaints(user)


def daily_compensation_limit() -> Decimal:
    """What one agent may grant in a calendar day (local time), in CNY; the andon cord has no limit."""
    return Decimal(settings.COMPENSATION_LIMIT_PER_AGENT_PER_DAY).quantize(Decimal("0.01"))
