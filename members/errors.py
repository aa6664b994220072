from django.utils.translation import gettext as _

from flywheel.errors import Conflict, DomainError
from flywheel.models import ListingState, Product


class NotBuyable(Conflict):
    """The product is not on sale: under review, retired, not yet listed, or out of stock."""


class PaymentDeclined(DomainError):
    status_code = 402


class EmptyCart(DomainError):
    pass


class InvalidCoupon(DomainError):
    pass


class CartChanged(Conflict):
    """The cart is not the one the customer checked out: it changed since the checkout page was drawn."""


class AlreadyCheckedOut(Conflict):
    """This version of the cart has already become an order: a second submission gets that order."""

    code = "already_checked_out"

    def __init__(self, order):
        super().__init__(
            _("This cart has already been checked out as order %(number)s.") % {"number": order.number}
        )
        self.order = order


def unavailable_message(product: Product) -> str:
    """What a customer is told about a product that is not listed."""
    if product.listing_state == ListingState.UNDER_REVIEW:
        return _("%(title)s is temporarily unavailable - under review.") % {"title": product.display_title}
    if product.listing_state == ListingState.RETIRED:
        return _("%(title)s is no longer sold.") % {"title": product.display_title}
    return _("%(title)s is not on sale yet.") % {"title": product.display_title}
