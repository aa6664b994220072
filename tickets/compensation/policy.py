"""How much an agent may grant: the one reading of the daily limit, for the service and the console."""

from decimal import Decimal

from django.conf import settings


def daily_compensation_limit() -> Decimal:
    """What one agent may grant in a calendar day (local time), in CNY; the andon cord has no limit."""
    return Decimal(settings.COMPENSATION_LIMIT_PER_AGENT_PER_DAY).quantize(Decimal("0.01"))
