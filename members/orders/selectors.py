"""Reads about orders: a customer's own, and what a product sold."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet, Sum
from django.utils import timezone

from flywheel.models import Product

from .models import Order, OrderLine


def orders_of(customer) -> QuerySet[Order]:
    """A customer's own orders, newest first, lines prefetched in one query; a declined attempt is no order."""
    return Order.objects.filter(customer=customer, payment_declined=False).prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("product"))
    )


def product_gmv(*, product: Product, days: int = 30, now=None) -> Decimal:
    """What the product sold in the last `days` days, not counting cancelled or refunded orders."""
    since = (now or timezone.now()) - timedelta(days=days)
    total = (
        OrderLine.objects.filter(product=product, order__placed_at__gte=since)
        .exclude(order__status__in=[Order.Status.CANCELLED, Order.Status.REFUNDED])
        .aggregate(total=Sum(F("quantity") * F("unit_price")))["total"]
    )
    return (total or Decimal("0")).quantize(Decimal("0.01"))
