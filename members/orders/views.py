"""A customer's order pages, scoped to their own orders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from flywheel.errors import DomainError

from ..paging import page_range
from .forms import PayOrderForm
from .line_actions import order_line_actions
from .models import Order
from .sections import order_sections
from .payments import DECLINED_CARD, SUCCEEDING_CARD
from .selectors import orders_of
from .services import cancel_unpaid_order, pay_order

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


def _render_order(request, order: Order, pay_form: PayOrderForm | None = None, status: int = 200):
    return render(
        request,
        "members/order_detail.html",
        {
            "order": order, "progress": _progress(order),
            "stopped": order.status in (Order.Status.CANCELLED, Order.Status.REFUNDED),
            "line_actions": order_line_actions(order),
            "order_sections": order_sections(request, order),
            "pay_form": pay_form or PayOrderForm(),
            "test_cards": [SUCCEEDING_CARD, DECLINED_CARD],
        },
        status=status,
    )


@login_required
@require_GET
def order_detail(request, number: str):
    # orders_of scopes to the customer: another customer's order number is a 404, not a 403.
    return _render_order(request, get_object_or_404(orders_of(request.user), number=number))


@login_required
@require_POST
def order_pay(request, number: str):
    """Pay an unpaid order from its page; a decline or a second click is a message, never a second charge."""
    order = get_object_or_404(orders_of(request.user), number=number)
    form = PayOrderForm(request.POST)
    if not form.is_valid():
        return _render_order(request, order, pay_form=form, status=400)
    try:
        order = pay_order(order=order, customer=request.user, card_number=form.cleaned_data["card_number"])
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Thank you! Order %(number)s is paid and on its way to the warehouse.") % {"number": order.number})
    return redirect("members:order-detail", number=order.number)


@login_required
@require_POST
def order_cancel(request, number: str):
    """Cancel an order the customer has not paid; its items go back on sale."""
    order = get_object_or_404(orders_of(request.user), number=number)
    try:
        cancel_unpaid_order(order=order, customer=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Order %(number)s is cancelled. Nothing was charged.") % {"number": order.number})
    return redirect("members:order-detail", number=order.number)
