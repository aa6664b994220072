"""Every write to a cart, and issuing a coupon."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.models import Product
from flywheel.services import record_audit

from ..catalog.policy import ensure_buyable
from ..errors import NotBuyable
from .models import Cart, CartItem, Coupon
from .selectors import cart_for

MAX_QUANTITY_PER_LINE = 99


def locked_cart(customer) -> Cart:
    """The customer's cart row, locked: every change to the cart and checkout serialise on it."""
    return Cart.objects.select_for_update().get(pk=cart_for(customer).pk)


def _audit_cart(cart: Cart, *, customer, action: str, product: Product, quantity: int) -> None:
    """A cart change leaves its audit row like every other write: which product, how many now (0: removed)."""
    record_audit(obj=cart, action=action, actor=customer, note=f"{product.sku} x {quantity}")


def bump_cart_version(cart: Cart) -> None:
    """Every change to the cart's lines makes a new version: a checkout of the old one is stale."""
    Cart.objects.filter(pk=cart.pk).update(version=F("version") + 1)
    cart.version += 1


def _check_quantity(quantity: int) -> None:
    if not 1 <= quantity <= MAX_QUANTITY_PER_LINE:
        raise NotBuyable(_("Quantity must be between 1 and %(max)d.") % {"max": MAX_QUANTITY_PER_LINE})


@transaction.atomic
def add_to_cart(*, customer, product: Product, quantity: int = 1) -> CartItem:
    """Add units of a product on sale to the customer's cart."""
    _check_quantity(quantity)
    product = Product.objects.get(pk=product.pk)  # the state now, not when the page was drawn
    cart = locked_cart(customer)
    item = cart.items.filter(product=product).first()
    wanted = quantity + (item.quantity if item else 0)
    _check_quantity(wanted)
    ensure_buyable(product, wanted)
    bump_cart_version(cart)
    _audit_cart(cart, customer=customer, action="add", product=product, quantity=wanted)
    if item is None:
        return CartItem.objects.create(cart=cart, product=product, quantity=quantity)
    item.quantity = wanted
    item.save(update_fields=["quantity"])
    return item


@transaction.atomic
def set_cart_quantity(*, customer, product: Product, quantity: int) -> CartItem | None:
    """Change how many units the cart holds; zero removes the product."""
    cart = locked_cart(customer)
    if quantity <= 0:
        cart.items.filter(product=product).delete()
        bump_cart_version(cart)
        _audit_cart(cart, customer=customer, action="remove", product=product, quantity=0)
        return None
    _check_quantity(quantity)
    product = Product.objects.get(pk=product.pk)
    ensure_buyable(product, quantity)
    bump_cart_version(cart)
    _audit_cart(cart, customer=customer, action="set_quantity", product=product, quantity=quantity)
    item, _created = CartItem.objects.update_or_create(cart=cart, product=product, defaults={"quantity": quantity})
    return item


@transaction.atomic
def remove_from_cart(*, customer, product: Product) -> None:
    """Take the product out of the customer's cart (nothing happens if it is not there but the version)."""
    cart = locked_cart(customer)
    cart.items.filter(product=product).delete()
    bump_cart_version(cart)
    _audit_cart(cart, customer=customer, action="remove", product=product, quantity=0)


@transaction.atomic
def issue_coupon(*, customer, amount: Decimal, valid_days: int, reason: str = "", actor=None) -> Coupon:
    """Give a customer a no-threshold coupon of `amount` CNY, usable on anything, shipping included,
    for `valid_days` days; the audit row names who issued it."""
    if amount <= 0:
        raise DomainError(_("A coupon must be worth more than 0 CNY."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                coupon = Coupon.objects.create(
                    code=f"AC{secrets.token_hex(4).upper()}", customer=customer, amount=amount, reason=reason[:200],
                    expires_at=timezone.now() + timedelta(days=valid_days),
                )
                record_audit(obj=coupon, action="issue", actor=actor, note=f"{amount} CNY: {reason[:200]}")
                return coupon
        except IntegrityError:  # code taken; draw again
            continue
    raise RuntimeError("Could not draw a free coupon code.")
