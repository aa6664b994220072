"""Reads for the partner managers: every partner, whatever its listing state."""

from django.db.models import Q, QuerySet

from flywheel.models import Partner


def managed_partners(*, state: str = "", kind: str = "", city: str = "") -> QuerySet[Partner]:
    """Every partner (drafts, listed, under review, retired), newest admission first, filtered as asked."""
    partners = Partner.objects.select_related("partner_manager")
    if state:
        partners = partners.filter(listing_state=state)
    if kind:
        partners = partners.filter(kind=kind)
    if city:
        partners = partners.filter(Q(city__iexact=city) | Q(city_zh=city))
    return partners.order_by("-admitted_on", "name", "id")
