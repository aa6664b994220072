""""Add to cart" while signed out: the wish is kept in the session and carried out right after sign-in.

The intent is written only by the CSRF-checked add-to-cart POST, read only by the sign-in and
sign-up POSTs (Django keeps session data when an anonymous session signs in), used once, and
forgotten after INTENT_MAX_AGE_SECONDS: no GET, link or other site can put anything in a cart.
"""

import time

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _

from flywheel.errors import DomainError

from ..catalog.selectors import visible_product
from .services import MAX_QUANTITY_PER_LINE, add_to_cart

SESSION_KEY = "pending_cart_add"
INTENT_MAX_AGE_SECONDS = 60 * 60


def remember_cart_intent(request, *, sku: str, quantity: int) -> None:
    """Keep "add `quantity` of `sku`" for after the visitor signs in (the last wish wins)."""
    quantity = min(max(int(quantity), 1), MAX_QUANTITY_PER_LINE)
    request.session[SESSION_KEY] = {"sku": sku, "quantity": quantity, "at": int(time.time())}


def pending_cart_intent(request) -> dict | None:
    """The wish waiting for sign-in, if it is still fresh: {"sku", "quantity", "product"}; None otherwise."""
    intent = request.session.get(SESSION_KEY)
    if not isinstance(intent, dict) or time.time() - intent.get("at", 0) > INTENT_MAX_AGE_SECONDS:
        return None
    product = visible_product(sku=str(intent.get("sku", "")))
    return {**intent, "product": product} if product else None


def carry_out_cart_intent(request) -> str | None:
    """Right after sign-in: add what the visitor asked for before, once; return where to go next.

    Returns the cart when the item was added, the product page when it could not be (the reason
    is a message there), None when there was nothing to do.
    """
    if SESSION_KEY not in request.session:
        return None
    intent = pending_cart_intent(request)
    del request.session[SESSION_KEY]  # once: a second sign-in adds nothing again
    if intent is None:
        messages.info(request, _("The item you chose before signing in is no longer on sale, so nothing was added to your cart."))
        return None
    product, quantity = intent["product"], intent["quantity"]
    try:
        add_to_cart(customer=request.user, product=product, quantity=quantity)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return reverse("members:product", args=[product.sku])
    messages.success(request, _("Added %(quantity)d × %(title)s to your cart.") % {"quantity": quantity, "title": product.display_title})
    return reverse("members:cart")
