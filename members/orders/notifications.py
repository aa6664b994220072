"""What a customer is told about their order (held, released, refunded): kinds rendered in the reader's language.

These are about a customer's order and money, so their e-mail cannot be switched off (`always_email`).
"""

from django.utils.translation import gettext, gettext_lazy as _

from ..notifications.kinds import CUSTOMERS, MessageKind, in_each_language, register_kind


def _money(amount) -> str:
    """An amount in CNY as a parameter: two decimals, no currency sign (the templates write ¥)."""
    return f"{amount:.2f}"


def confirmation_params(order) -> dict:
    """What the confirmation needs to be written in any language: the order's number, its lines
    ([{quantity, title (per language), amount}]), shipping, coupon discount and total (CNY, "12.00";
    discount "" when there is none) and the address. `order.lines` should be prefetched."""
    return {
        "number": order.number,
        "lines": [
            {"quantity": line.quantity, "title": in_each_language(lambda line=line: line.display_title), "amount": _money(line.line_total)}
            for line in order.lines.all()
        ],
        "shipping": _money(order.shipping_fee),
        "discount": _money(order.discount) if order.discount else "",
        "total": _money(order.total),
        "name": order.shipping_name,
        "address": order.shipping_address,
    }


def _confirmation_body(params: dict) -> str:
    """The confirmation's text in the active language: what was bought, what it cost (CNY), where it goes."""
    lines = [gettext("Thank you for your order %(number)s. We have your payment and the warehouse is preparing it.") % params, ""]
    for line in params["lines"]:
        lines.append(gettext("%(quantity)d × %(title)s: ¥%(amount)s") % line)
    lines += ["", gettext("Shipping: ¥%(amount)s") % {"amount": params["shipping"]}]
    if params["discount"]:
        lines.append(gettext("Coupon: −¥%(amount)s") % {"amount": params["discount"]})
    lines += [
        gettext("Total paid: ¥%(amount)s") % {"amount": params["total"]},
        "",
        gettext("Ship to: %(name)s, %(address)s") % params,
        gettext("Follow your order here:"),
    ]
    return "\n".join(lines)


ORDER_CONFIRMED = register_kind(MessageKind(
    name="order-confirmed",
    label=_("Your order is confirmed"),
    help_text=_("We have your payment: what you bought, what it cost and where it goes."),
    subject=_("Order %(number)s is confirmed"),
    body=_confirmation_body,
    audience=CUSTOMERS,
    always_email=True,
))

ORDER_HELD = register_kind(MessageKind(
    name="order-held",
    label=_("Your order is on hold"),
    subject=_("Your order %(number)s is on hold"),
    body=_("We stopped your order %(number)s before it ships: %(reason)s We will tell you as soon as it moves again."),
    audience=CUSTOMERS,
    always_email=True,
))
ORDER_RELEASED = register_kind(MessageKind(
    name="order-released",
    label=_("Your held order is on its way again"),
    subject=_("Your order %(number)s is on its way again"),
    body=_("The check is done and your order %(number)s continues."),
    audience=CUSTOMERS,
    always_email=True,
))
ORDER_REFUNDED = register_kind(MessageKind(
    name="order-refunded",
    label=_("Your order is refunded"),
    subject=_("Your order %(number)s is refunded"),
    body=_("We could not send order %(number)s from stock we trust, so we refunded it in full."),
    audience=CUSTOMERS,
    always_email=True,
))
