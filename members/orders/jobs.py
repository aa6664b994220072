"""Background jobs of the storefront: take ids, call one thing, nothing else."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_rq import job

from ..notifications.kinds import MessageKind
from ..notifications.services import chosen_language, notify
from .models import Order, Refund
from .notifications import ORDER_CONFIRMED, ORDER_HELD, ORDER_REFUNDED, ORDER_RELEASED, confirmation_params
from .payments import get_gateway


@job("default")
def pay_refund(*, refund_id: int) -> str:
    """Pay a recorded refund through the gateway; a refund already paid is not paid again."""
    with transaction.atomic():
        refund = Refund.objects.select_for_update().select_related("order").get(pk=refund_id)
        if refund.paid_at is None:
            result = get_gateway().refund(
                amount=refund.amount, currency=settings.CURRENCY, reference=refund.order.payment_reference,
                idempotency_key=refund.idempotency_key,
            )
            refund.gateway_reference, refund.paid_at = result.reference, timezone.now()
            refund.save(update_fields=["gateway_reference", "paid_at"])
    return refund.gateway_reference


def _tell(order_ids: list[int], kind: MessageKind) -> int:
    """One notification per order to its customer; its e-mail in the language they ordered in (or chose
    since), its inbox copy in the language they read it in. A retried job sends none twice (the key is per order)."""
    sent = 0
    for order in Order.objects.select_related("customer__profile").filter(pk__in=order_ids).order_by("pk"):
        # The hold reason was written in the order's language (hold_orders_containing): it stays in that one.
        language = chosen_language(order.customer, order.language)
        sent += notify(
            recipients=[order.customer], key=f"{kind.name}:{order.pk}", kind=kind.name,
            params={"number": order.number, "reason": order.hold_reason},
            link=reverse("members:order-detail", args=[order.number]), languages={order.customer_id: language},
        )
    return sent


@job("notifications")
def tell_customers_about_hold(*, order_ids: list[int]) -> int:
    return _tell(order_ids, ORDER_HELD)


@job("notifications")
def tell_customers_about_release(*, order_ids: list[int]) -> int:
    return _tell(order_ids, ORDER_RELEASED)


@job("notifications")
def tell_customers_about_refund(*, order_ids: list[int]) -> int:
    return _tell(order_ids, ORDER_REFUNDED)


@job("notifications")
def confirm_order_by_email(*, order_id: int) -> int:
    """Confirm a paid order to its customer (in-app and by e-mail), in their language, once per order."""
    order = Order.objects.select_related("customer__profile").prefetch_related("lines").get(pk=order_id)
    return notify(
        recipients=[order.customer], key=f"order-confirmed:{order.pk}", kind=ORDER_CONFIRMED.name,
        params=confirmation_params(order), link=reverse("members:order-detail", args=[order.number]),
        languages={order.customer_id: chosen_language(order.customer, order.language)},
    )
