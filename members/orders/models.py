"""Orders, their lines and refunds. The order is a state machine; every transition leaves an audit row."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from flywheel.models import MONEY, Lot, Product


class Order(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        PLACED = "placed", _("placed")
        PAID = "paid", _("paid")
        PACKED = "packed", _("packed")
        SHIPPED = "shipped", _("shipped")
        DELIVERED = "delivered", _("delivered")
        ON_HOLD = "on_hold", _("on hold")
        CANCELLED = "cancelled", _("cancelled")
        REFUNDED = "refunded", _("refunded")

    HOLDABLE = [Status.PLACED, Status.PAID, Status.PACKED]

    number = models.CharField(_("order number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="orders"
    )
    status = FSMField(_("status"), choices=Status.choices, default=Status.PLACED, protected=True)
    held_from = models.CharField(_("held from"), max_length=20, choices=Status.choices, blank=True)
    hold_reason = models.CharField(_("hold reason"), max_length=300, blank=True)
    # The language the customer ordered in: what we tell them about this order is written in it.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    subtotal = models.DecimalField(_("subtotal (CNY)"), **MONEY)
    shipping_fee = models.DecimalField(_("shipping (CNY)"), **MONEY, default=Decimal("0"))
    discount = models.DecimalField(_("coupon discount (CNY)"), **MONEY, default=Decimal("0"))
    refunded_amount = models.DecimalField(_("refunded as compensation (CNY)"), **MONEY, default=Decimal("0"))
    total = models.DecimalField(_("total (CNY)"), **MONEY)
    payment_reference = models.CharField(_("payment reference"), max_length=64, blank=True)
    amount_paid = models.DecimalField(_("amount paid (CNY)"), **MONEY, default=Decimal("0"))
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    # A declined card's order is kept for audit but is no order of the customer's: their history hides it.
    payment_declined = models.BooleanField(_("payment declined"), default=False)
    # The version of the customer's cart this order was made from: one cart version, one order.
    cart_version = models.PositiveIntegerField(_("cart version"), null=True, blank=True, editable=False)
    # Declined tries to pay an unpaid order from its page: each new try is a new charge at the gateway.
    declined_payments = models.PositiveIntegerField(_("declined payment attempts"), default=0, editable=False)
    shipping_name = models.CharField(_("recipient"), max_length=120)
    shipping_address = models.CharField(_("shipping address"), max_length=300)
    shipping_phone = models.CharField(_("phone"), max_length=40, blank=True)
    # "placed" is also a status label; the context lets the column read as a time in Chinese.
    placed_at = models.DateTimeField(pgettext_lazy("order field: when it was placed", "placed"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-placed_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-placed_at"], name="order_customer_recent_idx"),
            models.Index(fields=["status", "-placed_at"], name="order_status_recent_idx"),
            models.Index(fields=["-placed_at"], name="order_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=0), name="order_total_nonnegative"),
            models.UniqueConstraint(fields=["customer", "cart_version"], name="order_one_per_cart_version"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def payment_attempt(self) -> str:
        """The gateway's idempotency key for this order's charge: a retried charge is the same charge.

        Only a declined attempt moves it on (`declined_payments`), so a new card may be tried; two
        clicks on "Pay" between declines share one key and so one charge.
        """
        if not self.declined_payments:
            return f"order-{self.number}-charge"
        return f"order-{self.number}-charge-{self.declined_payments + 1}"

    @property
    def awaits_payment(self) -> bool:
        """Placed, not paid, not stopped: the customer may pay it (or cancel it) from its page."""
        return self.status == self.Status.PLACED and not self.payment_reference and self.total > 0

    @property
    def cancellable_by_customer(self) -> bool:
        """Nothing paid yet and not shipped: the customer may call it off themselves (stock goes back)."""
        unpaid_hold = self.status == self.Status.ON_HOLD and self.held_from == self.Status.PLACED
        return (self.status == self.Status.PLACED or unpaid_hold) and not self.payment_reference

    @property
    def refundable(self) -> Decimal:
        """What the customer paid that has not been given back yet (CNY)."""
        return self.total - self.refunded_amount

    @transition(field=status, source=Status.PLACED, target=Status.PAID)
    def pay(self) -> None:
        pass

    @transition(field=status, source=Status.PAID, target=Status.PACKED)
    def pack(self) -> None:
        pass

    @transition(field=status, source=Status.PACKED, target=Status.SHIPPED)
    def ship(self) -> None:
        pass

    @transition(field=status, source=Status.SHIPPED, target=Status.DELIVERED)
    def deliver(self) -> None:
        pass

    @transition(field=status, source=HOLDABLE, target=Status.ON_HOLD)
    def hold(self) -> None:
        self.held_from = self.status

    @transition(field=status, source=Status.ON_HOLD, target=RETURN_VALUE(*HOLDABLE))
    def release(self) -> str:
        previous, self.held_from, self.hold_reason = self.held_from, "", ""
        return previous

    @transition(field=status, source=[Status.PLACED, Status.PAID, Status.PACKED, Status.ON_HOLD], target=Status.CANCELLED)
    def cancel(self) -> None:
        pass

    @transition(
        field=status,
        source=[Status.PAID, Status.PACKED, Status.SHIPPED, Status.DELIVERED, Status.ON_HOLD],
        target=Status.REFUNDED,
    )
    def refund(self) -> None:
        pass


class OrderLine(models.Model):
    """One product from one lot. A quantity spread over two lots is two lines."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="order_lines")
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="order_lines")
    title = models.CharField(_("title at purchase"), max_length=200)
    title_zh = models.CharField(_("Chinese title at purchase"), max_length=200, blank=True, default="", db_default="")
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price (CNY)"), **MONEY)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        indexes = [models.Index(fields=["product", "order"], name="orderline_product_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_line_quantity_positive")]

    @property
    def display_title(self) -> str:
        if (get_language() or "").startswith("zh") and self.title_zh:
            return self.title_zh
        return self.title

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class Refund(models.Model):
    """Money going back to a customer. The job that pays it checks `paid_at` first, so a retry pays nothing twice."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount (CNY)"), **MONEY)
    idempotency_key = models.CharField(max_length=64, unique=True)
    gateway_reference = models.CharField(_("gateway reference"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-requested_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")]
