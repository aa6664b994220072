"""Writes about complaints and processes."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.text import require_readable
from flywheel.services import apply_transition, record_audit

from members.services import issue_coupon, place_replacement_order, refund_part

from .models import Compensation, Complaint, IssueCode, Process

MAX_COMPLAINT_TEXT = 5000


@transaction.atomic
def file_complaint(
    *, customer, issue_code: IssueCode, text: str, channel: str, order_line=None, partner=None, process=None,
    taken_by=None,
) -> Complaint:
    """Open a complaint about the product of an order line, a partner or a process."""
    text = require_readable((text or "").strip(), field=_("The complaint text"))
    if not text:
        raise DomainError(_("Say what the customer reported."))
    if len(text) > MAX_COMPLAINT_TEXT:
        raise DomainError(_("The complaint text is limited to %(max)d characters.") % {"max": MAX_COMPLAINT_TEXT})
    if sum(target is not None for target in (order_line, partner, process)) != 1:
        raise DomainError(_("A complaint is about exactly one order line, partner or process."))
    if order_line is not None and order_line.order.customer_id != customer.pk:
        raise DomainError(_("That order line belongs to another customer."))
    if not issue_code.active:
        raise DomainError(_("The issue code %(code)s is no longer in use.") % {"code": issue_code.display_name})
    complaint = Complaint.objects.create(
        customer=customer,
        order_line=order_line,
        product_id=order_line.product_id if order_line else None,
        lot_id=order_line.lot_id if order_line else None,
        partner=partner,
        process=process,
        issue_code=issue_code,
        text=text,
        channel=channel,
        taken_by=taken_by,
    )
    record_audit(obj=complaint, action="file", actor=taken_by or customer, to_state=complaint.state)
    return complaint


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def resolve_complaint(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    return apply_transition(obj=_locked(complaint), verb="resolve", field="state", actor=actor, note=note)


@transaction.atomic
def close_complaint(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    return apply_transition(obj=_locked(complaint), verb="close", field="state", actor=actor, note=note)


@transaction.atomic
def reopen_complaint(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    return apply_transition(obj=_locked(complaint), verb="reopen", field="state", actor=actor, note=note)


@transaction.atomic
def stop_process(*, process: Process, actor=None, note: str = "") -> Process:
    """Turn a process's lamp red: an andon pull stopped it."""
    locked = Process.objects.select_for_update().get(pk=process.pk)
    return apply_transition(obj=locked, verb="stop", field="lamp", actor=actor, note=note)


class CompensationLimitReached(DomainError):
    status_code = 409


@transaction.atomic
def grant_compensation(
    *, complaint: Complaint, agent, kind: str, amount: Decimal | None = None, quantity: int = 1, note: str = ""
) -> Compensation:
    """Settle the customer: a free replacement, a refund or a coupon, each costed and within the agent's daily limit.

    The agent's grants are serialised on the agent's user row so two tabs cannot both squeeze under the limit.
    """
    get_user_model().objects.select_for_update().filter(pk=agent.pk).first()
    complaint = Complaint.objects.select_related("order_line__order", "order_line__product").get(pk=complaint.pk)
    if complaint.state == Complaint.State.CLOSED:
        raise DomainError(_("Complaint #%(id)s is closed; reopen it before granting anything.") % {"id": complaint.pk})
    note = require_readable(" ".join((note or "").split()), field=_("The note"))
    if len(note) > 300:
        raise DomainError(_("The note is limited to 300 characters."))
    line = complaint.order_line
    if kind == Compensation.Kind.COUPON:
        cost = _positive(amount)
    elif kind == Compensation.Kind.REFUND:
        if line is None:
            raise DomainError(_("A refund needs a complaint about an order line."))
        cost = _positive(amount if amount is not None else line.line_total)
        refundable = line.order.total - line.order.refunded_amount
        if cost > refundable:
            raise DomainError(
                _("A refund on order %(number)s can be at most %(left)s CNY.") % {"number": line.order.number, "left": refundable}
            )
    elif kind == Compensation.Kind.REPLACEMENT:
        if line is None:
            raise DomainError(_("A replacement needs a complaint about an order line."))
        cost = (line.product.cost * quantity).quantize(Decimal("0.01"))
    else:
        raise DomainError(_("Unknown kind of compensation: %(kind)s.") % {"kind": kind})

    start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    granted_today = Compensation.objects.filter(granted_by=agent, granted_at__gte=start_of_day).aggregate(
        total=Sum("cost")
    )["total"] or Decimal("0")
    limit = Decimal(settings.COMPENSATION_LIMIT_PER_AGENT_PER_DAY).quantize(Decimal("0.01"))
    if granted_today + cost > limit:
        raise CompensationLimitReached(
            _(
                "This grant (%(cost)s CNY) would take you past your daily compensation limit of %(limit)s CNY "
                "(%(left)s CNY left today). Ask a colleague with room in their limit, or offer something smaller. "
                "The andon cord has no limit."
            )
            % {"cost": cost, "limit": limit, "left": max(limit - granted_today, Decimal("0"))}
        )

    compensation = Compensation(complaint=complaint, kind=kind, cost=cost, granted_by=agent, note=note)
    if kind == Compensation.Kind.COUPON:
        compensation.coupon = issue_coupon(
            customer=complaint.customer, amount=cost, valid_days=settings.COUPON_VALID_DAYS,
            reason=_("Complaint #%(id)s") % {"id": complaint.pk},
        )
    elif kind == Compensation.Kind.REFUND:
        refund_part(order=line.order, amount=cost, actor=agent, note=_("Complaint #%(id)s") % {"id": complaint.pk})
    else:
        compensation.replacement_order = place_replacement_order(
            order_line=line, quantity=quantity, actor=agent, note=_("Complaint #%(id)s") % {"id": complaint.pk}
        )
    compensation.save()
    record_audit(obj=complaint, action=f"compensate_{kind}", actor=agent, from_state=complaint.state, to_state=complaint.state, note=f"{cost} CNY")
    return compensation


def _positive(amount) -> Decimal:
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError, TypeError):
        raise DomainError(_("Give the amount in CNY, e.g. 5.00.")) from None
    if value <= 0:
        raise DomainError(_("The amount must be more than 0 CNY."))
    return value
