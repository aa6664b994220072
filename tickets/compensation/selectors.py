"""Reads about compensation."""

from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone

from ..complaints.models import Complaint
from .models import Compensation


def compensations_of(complaint: Complaint) -> QuerySet[Compensation]:
    return complaint.compensations.select_related("granted_by", "coupon", "replacement_order")


def granted_today(agent) -> Decimal:
    """What the agent has granted since local midnight: what the daily limit is measured against."""
    start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    total = Compensation.objects.filter(granted_by=agent, granted_at__gte=start_of_day).aggregate(total=Sum("cost"))["total"]
    return total or Decimal("0")
