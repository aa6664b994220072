"""A customer's order pages, scoped to their own orders."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..paging import page_range
from .line_actions import order_line_actions
from .models import Order
from .sections import order_sections
from .selectors import orders_of

ORDERS_PAGE_SIZE = 10


PROGRESS = [
    Order.Status.PLACED,
    Order.Status.PAID,
    Order.Status.PACKED,
    Order.Status.SHIPPED,
    Order.Status.DELIVERED,
]


@login_required
@require_GET
def orders(request):
    page = Paginator(orders_of(request.user), ORDERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/orders.html", {"page": page, "page_range": page_range(page)})


def _progress(order: Order) -> list[dict]:
    """The steps placed -> delivered, each marked done, current or to do."""
    reached = order.held_from if order.status == Order.Status.ON_HOLD else order.status
    if reached not in PROGRESS:  # cancelled or refunded: the line stops where it was never finished
        reached = None
    index = PROGRESS.index(reached) if reached else -1
    return [
        {
            "label": Order.Status(step).label,
            "state": "done" if i < index else "current" if i == index else "todo",
        }
        for i, step in enumerate(PROGRESS)
    ]


@login_required
@require_GET
def order_detail(request, number: str):
    # orders_of scopes to the customer: another customer's order number is a 404, not a 403.
    order = get_object_or_404(orders_of(request.user), number=number)
    return render(
        request,
        "members/order_detail.html",
        {
            "order": order, "progress": _progress(order),
            "stopped": order.status in (Order.Status.CANCELLED, Order.Status.REFUNDED),
            "line_actions": order_line_actions(order),
            "order_sections": order_sections(request, order),
        },
    )
