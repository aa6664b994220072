"""The cart and checkout pages: parse, call one service, render.

Every refusal a service raises (a pulled product, a declined card) becomes a message on the
page; none of them may ever reach the customer as a server error.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from flywheel.errors import DomainError
from flywheel.models import Product

from ..access import safe_next
from ..addresses.models import SavedAddress
from ..addresses.selectors import addresses_of
from ..catalog.selectors import visible_product
from ..errors import AlreadyCheckedOut, InvalidCoupon, unavailable_message
from ..orders.payments import DECLINED_CARD, INSUFFICIENT_FUNDS_CARD, SUCCEEDING_CARD
from ..orders.services import ShippingDetails
from ..orders.services import (
    checkout as pay_for_cart,  # this module's own `checkout` is the page
)
from .forms import CartQuantityForm, CheckoutForm, QuantityForm
from .intent import remember_cart_intent
from .models import CartItem, Coupon
from .pricing import CartTotals, cart_totals
from .selectors import cart_for, cart_item_of, cart_items, usable_coupons
from .services import (
    MAX_QUANTITY_PER_LINE,
    add_to_cart,
    remove_from_cart,
    set_cart_quantity,
)


@dataclass
class CartLine:
    item: CartItem

    @property
    def product(self) -> Product:
        return self.item.product

    @property
    def line_total(self) -> Decimal:
        return self.product.price * self.item.quantity

    @cached_property
    def problem(self) -> str:
        """Why this line cannot be bought now, in the customer's words; empty when it can."""
        if not self.product.is_listed:
            return unavailable_message(self.product)
        if self.item.stock == 0:
            return _("Out of stock.")
        if self.item.stock < self.item.quantity:
            return _("Only %(count)d left: lower the quantity to continue.") % {"count": self.item.stock}
        return ""


@dataclass
class CartSummary:
    lines: list[CartLine]
    coupon: Coupon | None = None  # a preview at checkout; the order's discount is decided by the service

    @cached_property
    def totals(self) -> CartTotals:
        # The service recomputes them when the order is placed; this is the same function, as a preview.
        return cart_totals(((line.product.price, line.item.quantity) for line in self.lines), coupon=self.coupon)

    @property
    def subtotal(self) -> Decimal:
        return self.totals.subtotal

    @property
    def shipping_fee(self) -> Decimal:
        return self.totals.shipping_fee

    @property
    def before_discount(self) -> Decimal:
        return self.totals.before_discount

    @property
    def discount(self) -> Decimal:
        return self.totals.discount

    @property
    def total(self) -> Decimal:
        return self.totals.total

    @property
    def free_shipping_gap(self) -> Decimal:
        return self.totals.free_shipping_gap

    @property
    def blocked_lines(self) -> list[CartLine]:
        return [line for line in self.lines if line.problem]

    @property
    def can_check_out(self) -> bool:
        return bool(self.lines) and not self.blocked_lines


def _cart_summary(customer, coupon: Coupon | None = None) -> CartSummary:
    items = cart_items(cart_for(customer))
    return CartSummary(lines=[CartLine(item) for item in items], coupon=coupon)


@login_required
@require_GET
def cart(request):
    return render(
        request,
        "members/cart.html",
        {"summary": _cart_summary(request.user), "free_shipping_threshold": settings.FREE_SHIPPING_THRESHOLD},
    )


@require_POST
def cart_add(request, sku: str):
    product = visible_product(sku=sku)
    if product is None:
        raise Http404(_("No product with this SKU is on sale."))
    product_url = reverse("members:product", args=[product.sku])
    form = QuantityForm(request.POST)
    if not request.user.is_authenticated:
        # Kept in the session and carried out by the sign-in (or sign-up) POST, which say so on their
        # pages; the product page is where the visitor lands if they sign in some other way.
        quantity = form.cleaned_data["quantity"] if form.is_valid() else 1
        remember_cart_intent(request, sku=product.sku, quantity=quantity)
        return redirect_to_login(product_url)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity between 1 and %(max)d.") % {"max": MAX_QUANTITY_PER_LINE})
        return redirect(product_url)
    try:
        add_to_cart(customer=request.user, product=product, quantity=form.cleaned_data["quantity"])
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect(product_url)
    messages.success(
        request,
        _("Added %(quantity)d × %(title)s to your cart.")
        % {"quantity": form.cleaned_data["quantity"], "title": product.display_title},
    )
    return redirect(safe_next(request, reverse("members:cart")))


def _cart_item_or_404(request, sku: str) -> CartItem:
    item = cart_item_of(request.user, sku=sku)
    if item is None:
        raise Http404(_("This product is not in your cart."))
    return item


@login_required
@require_POST
def cart_update(request, sku: str):
    item = _cart_item_or_404(request, sku)
    form = CartQuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity between 0 and %(max)d.") % {"max": MAX_QUANTITY_PER_LINE})
        return redirect("members:cart")
    try:
        set_cart_quantity(customer=request.user, product=item.product, quantity=form.cleaned_data["quantity"])
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        if form.cleaned_data["quantity"] == 0:
            messages.success(request, _("Removed %(title)s from your cart.") % {"title": item.product.display_title})
        else:
            messages.success(request, _("Updated the quantity of %(title)s.") % {"title": item.product.display_title})
    return redirect("members:cart")


@login_required
@require_POST
def cart_remove(request, sku: str):
    item = _cart_item_or_404(request, sku)
    remove_from_cart(customer=request.user, product=item.product)
    messages.success(request, _("Removed %(title)s from your cart.") % {"title": item.product.display_title})
    return redirect("members:cart")


TEST_CARDS = [
    (SUCCEEDING_CARD, gettext_lazy("payment succeeds")),
    (DECLINED_CARD, gettext_lazy("declined by the bank")),
    (INSUFFICIENT_FUNDS_CARD, gettext_lazy("declined: insufficient funds")),
]


def _spaced(card_number: str) -> str:
    return " ".join(card_number[i : i + 4] for i in range(0, len(card_number), 4))


def _address_asked(request, addresses: list[SavedAddress]) -> SavedAddress | None:
    """The saved address the checkout link names (?address=ID, among the member's own), else the default."""
    asked = request.GET.get("address", "")
    by_id = {str(saved.pk): saved for saved in addresses}
    if asked in by_id:
        return by_id[asked]
    return next((saved for saved in addresses if saved.is_default), None)


@login_required
@require_http_methods(["GET", "POST"])
def checkout(request):
    coupons = list(usable_coupons(request.user))
    addresses = list(addresses_of(request.user))
    coupon_error = ""
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        coupon_code = request.POST.get("coupon_code", "")
        if form.is_valid():
            data = form.cleaned_data
            shipping = ShippingDetails(
                name=data["shipping_name"], address=data["shipping_address"], phone=data["shipping_phone"]
            )
            try:
                order = pay_for_cart(
                    customer=request.user, shipping=shipping, card_number=data["card_number"],
                    coupon_code=data["coupon_code"], cart_version=data["cart_version"],
                )
            except AlreadyCheckedOut as replay:
                # A double click or a browser retry: show the order the first submission made.
                messages.info(request, replay.message)
                return redirect("members:order-detail", number=replay.order.number)
            except DomainError as refusal:
                messages.error(request, refusal.message)
                if isinstance(refusal, InvalidCoupon):
                    coupon_error = refusal.message  # also beside the field the customer must fix
                # Keep the address the customer typed, but never echo a card number back into the page.
                # The cart may have changed (a declined card puts the items back): pay for the cart as it is now.
                kept = {key: value for key, value in data.items() if key != "card_number"}
                form = CheckoutForm(initial={**kept, "cart_version": cart_for(request.user).version})
            else:
                messages.success(
                    request, _("Thank you! Order %(number)s is paid and on its way to the warehouse.") % {"number": order.number}
                )
                return redirect("members:order-detail", number=order.number)
    else:
        # A coupon link on this page (?coupon=CODE) fills the field and previews the discount.
        coupon_code = request.GET.get("coupon", "")[:24]
        # An address link (?address=ID, the member's own) fills the shipping fields; else the default address.
        chosen_address = _address_asked(request, addresses)
        form = CheckoutForm(
            initial={
                "shipping_name": chosen_address.name if chosen_address else request.user.get_full_name(),
                "shipping_address": chosen_address.address if chosen_address else "",
                "shipping_phone": chosen_address.phone if chosen_address else "",
                "coupon_code": coupon_code, "cart_version": cart_for(request.user).version,
            }
        )
    chosen = next((coupon for coupon in coupons if coupon.code == coupon_code.strip().upper()), None)
    summary = _cart_summary(request.user, coupon=None if coupon_error else chosen)
    if not summary.lines and request.method == "GET":
        messages.info(request, _("Your cart is empty. Add something before checking out."))
        return redirect("members:cart")
    return render(
        request,
        "members/checkout.html",
        {
            "form": form,
            "summary": summary,
            "coupons": coupons,
            "addresses": addresses,
            "coupon_error": coupon_error,
            "test_cards": [(_spaced(number), outcome) for number, outcome in TEST_CARDS],
        },
    )
