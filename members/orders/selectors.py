"""Reads about orders: a customer's own, and what a product sold."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet, Sum
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


def stale_checkouts(*, now=None):
    """Checkouts whose charge was never recorded: orders from a cart (not replacements), with money to
    take, still without a payment reference CHECKOUT_RECONCILE_AFTER_MINUTES after they were placed,
    and placed within CHECKOUT_RECONCILE_WINDOW_HOURS (older ones are left to people)."""
    now = now or timezone.now()
    return Order.objects.filter(
        cart_version__isnull=False,
        total__gt=0,
        payment_reference="",
        payment_declined=False,
        placed_at__lte=now - timedelta(minutes=settings.CHECKOUT_RECONCILE_AFTER_MINUTES),
        placed_at__gte=now - timedelta(hours=settings.CHECKOUT_RECONCILE_WINDOW_HOURS),
    ).filter(
        Q(status=Order.Status.PLACED) | Q(status=Order.Status.ON_HOLD, held_from=Order.Status.PLACED) | Q(status=Order.Status.CANCELLED)
    )
