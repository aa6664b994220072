"""Whether a product may be bought now, in a quantity: the one answer the cart and orders share."""

from django.utils.translation import gettext as _

from flywheel.models import Product

from ..errors import NotBuyable, unavailable_message
from .selectors import stock_of


def ensure_buyable(product: Product, quantity: int = 1, *, stock: int | None = None) -> None:
    """Refuse, with the message a customer reads, a product that cannot be sold now."""
    if not product.is_listed:
        raise NotBuyable(unavailable_message(product))
    available = stock_of(product) if stock is None else stock
    if available < quantity:
        if available == 0:
            raise NotBuyable(_("%(title)s is out of stock.") % {"title": product.display_title})
        raise NotBuyable(
            _("Only %(count)d of %(title)s left in stock.") % {"count": available, "title": product.display_title}
        )
