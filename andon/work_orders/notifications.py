"""Who hears about a work order: its department when it opens, its lead and then the executives when it is overdue."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from flywheel.times import readable_date

from members.notifications.kinds import CUSTOMERS, MessageKind, in_each_language, moment, register_kind
from members.notifications.services import notify
from members.roles import Role

from .models import Department, DepartmentLead, FollowedUpCustomer, WorkOrder
from .policy import department_owner
from .selectors import department_members


WORK_ORDER_OPENED = register_kind(MessageKind(
    name="work-order-opened",
    label=_("A new work order for your department"),
    help_text=_("A pull opened a work order that you or your department must work on."),
    subject=_("New work order %(wo)s for pull #%(pull)s, due %(due)s"),
    body="%(reason)s",
))
WORK_ORDER_OVERDUE = register_kind(MessageKind(
    name="work-order-overdue",
    label=_("An overdue work order"),
    help_text=_("A work order passed its due time: its lead, assignee and owner hear first, the executives later."),
    subject=_("Overdue: %(wo)s of pull #%(pull)s was due %(due)s"),
))


def _shipped_body(params: dict) -> str:
    """The follow-up's text in the active language, with the coupon's paragraph when one was given."""
    text = str(_(
        "Customers have reported a problem with %(title)s, and it is off sale while we check it. You received it "
        "in order %(orders)s. If yours shows a problem, report it on the order page and we will put it right."
    )) % params
    if params.get("coupon"):
        text += "\n\n" + str(_(
            "With our apologies, a coupon worth ¥%(amount)s, usable on anything: %(code)s (valid until %(until)s)."
        )) % params["coupon"]
    return text


CONFIRMATION_OVERDUE = register_kind(MessageKind(
    name="work-order-confirmation-overdue",
    label=_("A resolved work order waiting too long for quality"),
    help_text=_("Quality has not confirmed a resolved work order in time: quality's lead hears first, the executives later."),
    subject=_("Confirmation overdue: %(wo)s of pull #%(pull)s waits for quality since %(since)s"),
))
WORK_ORDER_SENT_BACK = register_kind(MessageKind(
    name="work-order-sent-back",
    label=_("A work order sent back by quality"),
    help_text=_("Quality did not accept a resolution: the work order is open again with a new due time and a reason."),
    subject=_("Quality sent %(wo)s of pull #%(pull)s back, due %(due)s"),
    body=_("Why: %(reason)s"),
))
# Always e-mailed, like the order notices: it is about a product the customer has at home and may be
# using, it asks them to check it, and it may carry a coupon; a customer who keeps other notices in the
# app still needs to hear this one wherever they read, and it is sent once per work order, never as marketing.
SHIPPED_FOLLOW_UP = register_kind(MessageKind(
    name="shipped-follow-up",
    label=_("A problem with a product you received"),
    help_text=_("We found a problem with something you bought and tell you what to check; always sent by e-mail too."),
    subject=_("About %(title)s, which you received from us"),
    body=_shipped_body,
    audience=CUSTOMERS,
    always_email=True,
))


def _work_order_params(work_order: WorkOrder) -> dict:
    return {"wo": in_each_language(lambda: work_order), "pull": work_order.pull_id, "due": moment(work_order.due_at)}


def announce_work_order(*, work_order_id: int) -> int:
    work_order = WorkOrder.objects.select_related("pull", "assignee").get(pk=work_order_id)
    recipients = [work_order.assignee, *department_members(work_order.department)]
    return notify(
        recipients=recipients, key=f"work-order-opened:{work_order.pk}", kind=WORK_ORDER_OPENED.name,
        params={**_work_order_params(work_order), "reason": work_order.pull.reason},
        link=reverse("work:work-order", args=[work_order.pk]),
    )


def announce_escalation(*, work_order_id: int, level: int) -> int:
    work_order = WorkOrder.objects.select_related(
        "pull__product__supplier__vendor_manager", "pull__partner__partner_manager", "pull__process__owner", "assignee"
    ).get(pk=work_order_id)
    User = get_user_model()
    if level >= 2:
        recipients = list(User.objects.filter(groups__name=Role.EXECUTIVE, is_active=True))
    else:
        # The department's lead (everyone in it when no lead is set), the person the data names
        # (a supplier's vendor manager, a process's owner) and the assignee.
        owner = department_owner(work_order.pull, work_order.department)
        recipients = [work_order.assignee, owner, *_leading(work_order.department)]
    return notify(
        recipients=recipients, key=f"escalation-{level}:{work_order.pk}", kind=WORK_ORDER_OVERDUE.name,
        params=_work_order_params(work_order), link=reverse("work:work-order", args=[work_order.pk]),
    )


def _leading(department: str) -> list:
    """A department's lead, or everyone in it when no (active staff) lead is named."""
    lead = DepartmentLead.objects.select_related("lead").filter(department=department).first()
    if lead is not None and lead.lead.is_active and lead.lead.is_staff:
        return [lead.lead]
    return list(department_members(department))


def announce_confirm_escalation(*, work_order_id: int, level: int, resolved_at: str) -> int:
    """Quality's confirmation is overdue: quality's lead (everyone in quality without one), then the executives.

    `resolved_at` (ISO 8601) names the resolution whose confirmation is late: a work order resolved
    again after a send-back has a clock, and notices, of its own. Returns how many were notified now.
    """
    work_order = WorkOrder.objects.select_related("pull").get(pk=work_order_id)
    if level >= 2:
        recipients = list(get_user_model().objects.filter(groups__name=Role.EXECUTIVE, is_active=True))
    else:
        recipients = _leading(Department.QUALITY)
    params = {
        "wo": in_each_language(lambda: work_order), "pull": work_order.pull_id, "since": moment(parse_datetime(resolved_at)),
    }
    return notify(
        recipients=recipients, key=f"confirm-escalation-{level}:{work_order.pk}:{resolved_at}",
        kind=CONFIRMATION_OVERDUE.name, params=params, link=reverse("work:work-order", args=[work_order.pk]),
    )


def announce_sent_back(*, work_order_id: int, sent_back_at: str) -> int:
    """Quality sent the work order back: its assignee, its named owner and its department hear why."""
    work_order = WorkOrder.objects.select_related(
        "pull__product__supplier__vendor_manager", "pull__partner__partner_manager", "pull__process__owner", "assignee"
    ).get(pk=work_order_id)
    owner = department_owner(work_order.pull, work_order.department)
    recipients = [work_order.assignee, owner, *department_members(work_order.department)]
    return notify(
        recipients=recipients, key=f"work-order-sent-back:{work_order.pk}:{sent_back_at}", kind=WORK_ORDER_SENT_BACK.name,
        params={**_work_order_params(work_order), "reason": work_order.send_back_reason},
        link=reverse("work:work-order", args=[work_order.pk]),
    )


def tell_shipped_customers(*, follow_up_id: int) -> int:
    """Each customer of one follow-up hears about the pulled product they have, in the language the
    follow-up recorded for them, with their coupon when one was given; the link opens their latest order.
    Returns how many customers were notified now."""
    told = list(
        FollowedUpCustomer.objects.filter(follow_up_id=follow_up_id)
        .select_related("customer", "coupon", "work_order__pull__product").order_by("pk")
    )
    sent = 0
    for row in told:
        product = row.work_order.pull.product
        latest = row.order_numbers.split(", ")[0]
        coupon = None
        if row.coupon is not None:
            expires_at = row.coupon.expires_at
            coupon = {
                "amount": str(row.coupon.amount), "code": row.coupon.code,
                "until": in_each_language(lambda expires_at=expires_at: readable_date(expires_at)),
            }
        params = {
            "title": in_each_language(lambda product=product: product.display_title),
            "orders": row.order_numbers, "coupon": coupon,
        }
        sent += notify(
            recipients=[row.customer], key=f"shipped-follow-up:{row.work_order_id}", kind=SHIPPED_FOLLOW_UP.name,
            params=params, link=reverse("members:order-detail", args=[latest]), languages={row.customer_id: row.language},
        )
    return sent
