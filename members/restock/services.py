"""Writes of back-in-stock requests: asking, withdrawing, and telling the waiting members once."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.models import Product
from flywheel.outbox.services import send_after_commit
from flywheel.services import record_audit

from ..accounts.services import customer_language
from ..catalog.selectors import stock_of
from .models import RestockRequest


def is_buyable_now(product: Product) -> bool:
    return product.is_listed and stock_of(product) > 0


@transaction.atomic
def ask_for_restock_notice(*, customer, product: Product) -> RestockRequest:
    """Put the member on the product's waiting list (once: asking again keeps the first request).

    Raises DomainError when the product can be bought now (nothing to wait for).
    """
    product = Product.objects.get(pk=product.pk)  # the state now, not when the page was drawn
    if is_buyable_now(product):
        raise DomainError(_("%(title)s is on sale now: add it to your cart instead.") % {"title": product.display_title})
    waiting = RestockRequest.objects.filter(customer=customer, product=product, notified_at__isnull=True).first()
    if waiting is not None:
        return waiting
    try:
        with transaction.atomic():
            request = RestockRequest.objects.create(customer=customer, product=product, language=customer_language())
    except IntegrityError:  # a second click that arrived at the same moment
        return RestockRequest.objects.get(customer=customer, product=product, notified_at__isnull=True)
    record_audit(obj=request, action="ask", actor=customer, note=product.sku)
    return request


@transaction.atomic
def withdraw_restock_notice(*, customer, product: Product) -> int:
    """Take the member off the product's waiting list; returns how many requests were withdrawn (0 or 1)."""
    waiting = list(RestockRequest.objects.select_for_update().filter(customer=customer, product=product, notified_at__isnull=True))
    for request in waiting:
        record_audit(obj=request, action="withdraw", actor=customer, note=product.sku)
        request.delete()
    return len(waiting)


def schedule_restock_notices(*, product_id: int) -> None:
    """Inside the transaction that may have brought the product back: tell its waiting members after commit."""
    if RestockRequest.objects.filter(product_id=product_id, notified_at__isnull=True).exists():
        from .jobs import tell_members_product_is_back  # jobs import this module

        send_after_commit(tell_members_product_is_back, queue="notifications", product_id=product_id)


def claim_restock_requests(*, product: Product) -> list[RestockRequest]:
    """Mark the product's waiting requests told, if it is buyable now; returns them (locked, once).

    Two jobs racing on one product claim disjoint sets: the rows are locked and only untold ones taken.
    Called inside the job's transaction, so a notice that fails to send leaves its request waiting.
    """
    if not is_buyable_now(product):
        return []
    # Only the requests are locked: PostgreSQL cannot lock the nullable side of the profile's outer join.
    waiting = list(
        RestockRequest.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(product=product, notified_at__isnull=True)
        .select_related("customer__profile")
        .order_by("pk")
    )
    now = timezone.now()
    for request in waiting:
        request.notified_at = now
    RestockRequest.objects.bulk_update(waiting, ["notified_at"])
    for request in waiting:
        record_audit(obj=request, action="notify", note=product.sku)
    return waiting
