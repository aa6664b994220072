"""What the two sides of a complaint's conversation are told: kinds of notification, written in the
language each reader reads (tickets' AppConfig.ready imports this module to register them)."""

from django.utils.translation import gettext_lazy as _

from members.notifications.kinds import CUSTOMERS, MessageKind, register_kind

COMPLAINT_REPLY = register_kind(MessageKind(
    name="complaint-reply",
    label=_("Customer service replied to your report"),
    help_text=_("Our reply to a problem you reported, with its text; you can answer on the report's page."),
    subject=_("We replied to your report #%(id)s"),
    body=_("Customer service wrote about your report #%(id)s (%(item)s):\n\n%(text)s\n\nYou can answer on the report's page."),
    audience=CUSTOMERS,
))
COMPLAINT_CUSTOMER_MESSAGE = register_kind(MessageKind(
    name="complaint-customer-message",
    label=_("A customer answered on your complaint"),
    help_text=_("The customer of a complaint you took wrote a new message."),
    subject=_("The customer answered on complaint #%(id)s"),
    body=_("%(customer)s wrote:\n\n%(text)s"),
))
