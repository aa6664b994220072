"""Reads of the work orders: department queues, a work order's page, and who is in a department."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from flywheel.models import AuditEvent, Lot
from members.models import Order

from andon.pulls.models import AndonPull, PullComplaint, PullSupport

from .models import DEPARTMENT_ROLES, FollowedUpCustomer, ShippedFollowUp, WorkOrder, overdue_now
from .policy import clocks_watched_by, may_confirm_now, may_start_now, visible_to


QUEUE_TABS = ("department", "mine", "overdue", "to_confirm")
# Orders that left the warehouse before the hold: the customers have the product in hand.
FOLLOW_UP_STATUSES = (Order.Status.SHIPPED, Order.Status.DELIVERED)
FOLLOW_UP_LIMIT = 200


def overdue_expression(now, *, user=None) -> ExpressionWrapper:
    """`overdue_now` as a column; with `user`, only on the clocks that user watches (`clocks_watched_by`)."""
    overdue = overdue_now(now) if user is None else overdue_now(now) & clocks_watched_by(user)
    return ExpressionWrapper(overdue, output_field=BooleanField())


def work_orders_with_targets() -> QuerySet[WorkOrder]:
    # Deep enough that `in_department` (which reads each target's named owner) needs no query per row.
    return WorkOrder.objects.select_related(
        "assignee", "pull__product__supplier__vendor_manager", "pull__partner__partner_manager", "pull__process__owner",
    )


def work_order_queue(*, user, tab: str = "department", kind: str = "", now=None) -> QuerySet[WorkOrder]:
    """One tab of the user's department queue, soonest due first, the overdue flag annotated.

    A resolved work order is flagged (and in the Overdue tab) only for those who watch quality's
    clock (`clocks_watched_by`): its department's own due time no longer counts.
    """
    now = now or timezone.now()
    work_orders = work_orders_with_targets().filter(state__in=WorkOrder.ACTIVE).annotate(overdue=overdue_expression(now, user=user))
    if tab == "mine":
        work_orders = work_orders.filter(assignee=user)
    else:
        work_orders = work_orders.filter(visible_to(user))
    if tab == "overdue":
        work_orders = work_orders.filter(overdue_now(now), clocks_watched_by(user))
    elif tab == "to_confirm":
        work_orders = work_orders.filter(state=WorkOrder.State.RESOLVED)
    if kind:
        work_orders = work_orders.filter(kind=kind)
    return work_orders.order_by("due_at", "id")


def time_left_text(due_at, now) -> str:
    """"due in 5 h" or "overdue by 2 h": minutes under an hour, hours under two days, then days."""
    seconds = int((due_at - now).total_seconds())
    span = abs(seconds)
    if span < 3600:
        amount = ngettext("%(n)d min", "%(n)d min", max(span // 60, 1)) % {"n": max(span // 60, 1)}
    elif span < 48 * 3600:
        amount = ngettext("%(n)d h", "%(n)d h", span // 3600) % {"n": span // 3600}
    else:
        amount = ngettext("%(n)d day", "%(n)d days", span // 86400) % {"n": span // 86400}
    if seconds < 0:
        return _("overdue by %(time)s") % {"time": amount}
    return _("due in %(time)s") % {"time": amount}


@dataclass(frozen=True)
class QueueRow:
    work_order: WorkOrder
    overdue: bool
    time_left: str
    can_start: bool
    can_confirm: bool
    due_at: object  # the due time of whoever holds the work (`WorkOrder.clock_due_at`)
    waits_for_quality: bool


def queue_rows(work_orders, *, user, now=None) -> list[QueueRow]:
    """Rows for one page of a queue; the buttons shown are the ones the services would accept from this user."""
    now = now or timezone.now()
    rows = []
    for work_order in work_orders:
        finished = work_order.state not in WorkOrder.ACTIVE
        rows.append(
            QueueRow(
                work_order=work_order,
                overdue=getattr(work_order, "overdue", work_order.is_overdue(now)),
                time_left="" if finished else time_left_text(work_order.clock_due_at, now),
                can_start=may_start_now(user, work_order),
                can_confirm=may_confirm_now(user, work_order),
                due_at=work_order.clock_due_at,
                waits_for_quality=work_order.waits_for_quality,
            )
        )
    return rows


def work_order_for_page(*, pk: int) -> WorkOrder | None:
    return work_orders_with_targets().select_related("pull__pulled_by", "pull__issue_code").filter(pk=pk).first()


def pull_complaint_links(pull: AndonPull) -> list[PullComplaint]:
    """Every complaint on the pull with how it came (pulled from, met the rule, +1), in the order attached."""
    return list(
        pull.pull_complaints.select_related("complaint__customer", "complaint__lot", "complaint__issue_code").order_by("attached_at", "id")
    )


def pull_complaints(pull: AndonPull) -> list:
    """The complaints on a pull, in the order they were attached: the points a supplier must answer."""
    return [link.complaint for link in pull_complaint_links(pull)]


def pull_supports(pull: AndonPull) -> list[PullSupport]:
    return list(pull.supports.select_related("agent", "complaint__customer", "complaint__lot").order_by("at", "id"))


def work_order_timeline(work_order: WorkOrder) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(WorkOrder), object_id=str(work_order.pk)
        ).select_related("actor").order_by("at", "id")
    )


def held_orders_of(work_order: WorkOrder) -> list[Order]:
    return list(work_order.held_orders.select_related("customer").order_by("placed_at", "id"))


def shipped_orders_for_follow_up(work_order: WorkOrder) -> list[Order]:
    """Orders with the product that had already left the warehouse: nothing to hold, customers to follow up."""
    if work_order.kind != WorkOrder.Kind.WAREHOUSE or work_order.pull.product_id is None:
        return []
    return list(
        Order.objects.filter(status__in=FOLLOW_UP_STATUSES, lines__product_id=work_order.pull.product_id)
        .select_related("customer").distinct().order_by("-placed_at", "-id")[:FOLLOW_UP_LIMIT]
    )


def lots_of_pulled_product(work_order: WorkOrder) -> list[Lot]:
    if work_order.pull.product_id is None:
        return []
    return list(Lot.objects.filter(product_id=work_order.pull.product_id).order_by("received_on", "id"))


def complained_lot_ids(pull: AndonPull) -> set[int]:
    return set(pull.pull_complaints.exclude(complaint__lot=None).values_list("complaint__lot_id", flat=True))


def department_members(department: str):
    """Everyone active holding one of the department's roles (those a work order is announced to)."""
    return get_user_model().objects.filter(groups__name__in=DEPARTMENT_ROLES[department], is_active=True).distinct()


def customers_followed_up(work_order: WorkOrder) -> list[FollowedUpCustomer]:
    """Who was told about the shipped product, when and by whom, with their coupon: the page's "already told" list."""
    return list(
        work_order.followed_up_customers.select_related("customer", "coupon", "follow_up__sent_by").order_by("follow_up__sent_at", "id")
    )


def follow_up_runs(work_order: WorkOrder) -> list[ShippedFollowUp]:
    return list(work_order.follow_ups.select_related("sent_by").order_by("sent_at", "id"))


def returned_lots_of(work_order: WorkOrder) -> list[Lot]:
    """The lots a "lot returned" resolution named (sent back to the supplier when the work order closes)."""
    return list(work_order.returned_lots.order_by("received_on", "id"))
