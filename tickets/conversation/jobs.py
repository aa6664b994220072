"""Jobs of the conversation: tell the customer about a reply, tell the agent about the customer's answer.

Each takes a message id and calls `notify` once; the notification key is per message, so a job
run twice sends nothing twice.
"""

from django.conf import settings
from django.urls import reverse
from django_rq import job

from members.notifications.kinds import in_each_language
from members.notifications.services import chosen_language, notify

from .models import ComplaintMessage
from .notifications import COMPLAINT_CUSTOMER_MESSAGE, COMPLAINT_REPLY


def _message(message_id: int) -> ComplaintMessage:
    return ComplaintMessage.objects.select_related(
        "complaint__customer__profile", "complaint__order_line__order", "complaint__taken_by",
        "complaint__product", "complaint__partner", "complaint__process",
    ).get(pk=message_id)


@job("notifications")
def tell_customer_about_reply(*, message_id: int) -> int:
    """In-app notice and e-mail to the customer: the reply's text and a link to their report."""
    message = _message(message_id)
    complaint = message.complaint
    line = complaint.order_line
    # The language they chose, else the one they ordered in.
    fallback = line.order.language if line is not None else settings.LANGUAGE_CODE
    language = chosen_language(complaint.customer, fallback)

    def item() -> str:
        if line is not None:
            return line.display_title
        target = complaint.target
        return getattr(target, "display_title", None) or target.display_name

    return notify(
        recipients=[complaint.customer], key=f"complaint-reply:{message.pk}", kind=COMPLAINT_REPLY.name,
        params={"id": complaint.pk, "item": in_each_language(item), "text": message.body},
        link=reverse("selfservice:report", args=[complaint.pk]), languages={complaint.customer_id: language},
    )


@job("notifications")
def tell_agent_about_customer_message(*, message_id: int) -> int:
    """In-app notice and e-mail to the agent who took the complaint: the customer's words and a link."""
    message = _message(message_id)
    complaint = message.complaint
    customer = complaint.customer.get_full_name() or complaint.customer.get_username()
    return notify(
        recipients=[complaint.taken_by], key=f"complaint-customer-message:{message.pk}",
        kind=COMPLAINT_CUSTOMER_MESSAGE.name, params={"id": complaint.pk, "customer": customer, "text": message.body},
        link=reverse("tickets:complaint", args=[complaint.pk]),
    )
