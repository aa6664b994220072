"""Asking to be told when a product returns, and withdrawing the request: parse, call one service, redirect."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from flywheel.errors import DomainError
from flywheel.models import ListingState

from ..catalog.selectors import visible_product
from .services import ask_for_restock_notice, withdraw_restock_notice


def _waitable_product(sku: str):
    product = visible_product(sku=sku)
    if product is None or product.listing_state == ListingState.RETIRED:
        raise Http404(_("No product with this SKU can come back on sale."))
    return product


@require_POST
def restock_ask(request, sku: str):
    product = _waitable_product(sku)
    product_url = reverse("members:product", args=[product.sku])
    if not request.user.is_authenticated:
        messages.info(request, _("Sign in to be told when %(title)s is back.") % {"title": product.display_title})
        return redirect_to_login(product_url)
    try:
        ask_for_restock_notice(customer=request.user, product=product)
    except DomainError as refusal:
        messages.info(request, refusal.message)
    else:
        messages.success(
            request,
            _("We will tell you once, in your notifications and by e-mail, when %(title)s is back.") % {"title": product.display_title},
        )
    return redirect(product_url)


@require_POST
def restock_withdraw(request, sku: str):
    product = _waitable_product(sku)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("members:product", args=[product.sku]))
    if withdraw_restock_notice(customer=request.user, product=product):
        messages.success(request, _("You will not be told when %(title)s is back.") % {"title": product.display_title})
    return redirect("members:product", sku=product.sku)
