"""What a member who asked to hear when a product returns is told: a kind written in the reader's language."""

from django.utils.translation import gettext_lazy as _

from ..notifications.kinds import CUSTOMERS, MessageKind, register_kind

BACK_IN_STOCK = register_kind(MessageKind(
    name="back-in-stock",
    label=_("A product you waited for is back"),
    help_text=_("A product you asked us to watch can be bought again, while stock lasts."),
    subject=_("%(title)s is back"),
    body=_("You asked us to tell you when %(title)s returns. It is on sale again, while stock lasts."),
    audience=CUSTOMERS,
))
