"""Reads of a member's address book, always scoped to the member."""

from django.db.models import QuerySet

from .models import SavedAddress


def addresses_of(customer) -> QuerySet[SavedAddress]:
    """The member's saved addresses, the default first."""
    return SavedAddress.objects.filter(customer=customer)
