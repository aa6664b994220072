"""Who hears about a work order: its department when it opens, its lead and then the executives when it is overdue."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.notifications.kinds import MessageKind, in_each_language, moment, register_kind
from members.notifications.services import notify
from members.roles import Role

from .models import DepartmentLead, WorkOrder
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
        lead = DepartmentLead.objects.select_related("lead").filter(department=work_order.department).first()
        has_lead = lead is not None and lead.lead.is_active and lead.lead.is_staff
        leading = [lead.lead] if has_lead else list(department_members(work_order.department))
        recipients = [work_order.assignee, owner, *leading]
    return notify(
        recipients=recipients, key=f"escalation-{level}:{work_order.pk}", kind=WORK_ORDER_OVERDUE.name,
        params=_work_order_params(work_order), link=reverse("work:work-order", args=[work_order.pk]),
    )
