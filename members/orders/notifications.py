"""What a customer is told about their order (held, released, refunded): kinds rendered in the reader's language.

These are about a customer's order and money, so their e-mail cannot be switched off (`always_email`).
"""

from django.utils.translation import gettext_lazy as _

from ..notifications.kinds import CUSTOMERS, MessageKind, register_kind

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
