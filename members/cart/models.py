"""A member's cart and the no-threshold coupons they can spend at checkout."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flywheel.models import MONEY, Product

from ..orders.models import Order


class Cart(models.Model):
    customer = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="cart"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Bumped by every change to the cart's lines: checkout turns one version into at most one order.
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cart_item_unique_product"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="cart_item_quantity_positive"),
        ]


class Coupon(models.Model):
    """A no-threshold coupon: usable on anything, shipping included, once, before it expires."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="coupons"
    )
    amount = models.DecimalField(_("amount (CNY)"), **MONEY)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    redeemed_on = models.OneToOneField(
        Order, verbose_name=_("redeemed on order"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="coupon",
    )

    class Meta:
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")
        ordering = ["expires_at", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="coupon_amount_positive")]
        indexes = [models.Index(fields=["customer", "expires_at"], name="coupon_customer_idx")]

    def __str__(self) -> str:
        return self.code

    def is_usable(self, at=None) -> bool:
        return self.redeemed_on_id is None and self.expires_at > (at or timezone.now())
