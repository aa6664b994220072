"""Background job of back-in-stock requests: take ids, tell the waiting members once."""

from django.db import transaction
from django.urls import reverse
from django_rq import job

from flywheel.models import Product

from ..notifications.kinds import in_each_language
from ..notifications.services import chosen_language, notify
from .notifications import BACK_IN_STOCK
from .services import claim_restock_requests


@job("notifications")
def tell_members_product_is_back(*, product_id: int) -> int:
    """Tell each member waiting for the product that it can be bought again, in their language, once.

    Nothing is sent while the product is still off sale or out of stock (the requests keep waiting).
    Claiming and telling share one transaction: a notice that fails to send leaves its request
    waiting, and the outbox runs the job again. Returns how many members were told now.
    """
    product = Product.objects.get(pk=product_id)
    link = reverse("members:product", args=[product.sku])
    title = in_each_language(lambda: product.display_title)
    told = 0
    with transaction.atomic():
        for request in claim_restock_requests(product=product):
            told += notify(
                recipients=[request.customer], key=f"back-in-stock:{request.pk}",
                kind=BACK_IN_STOCK.name, params={"title": title},
                link=link, languages={request.customer_id: chosen_language(request.customer, request.language)},
            )
    return told
