"""Reads of back-in-stock requests."""

from flywheel.models import Product

from .models import RestockRequest


def is_waiting_for(customer, product: Product) -> bool:
    """Whether the member has asked to be told when the product returns and has not been told yet."""
    if not customer.is_authenticated:
        return False
    return RestockRequest.objects.filter(customer=customer, product=product, notified_at__isnull=True).exists()
