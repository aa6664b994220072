"""Granting compensation: the one write of this sub-domain."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.services import record_audit
from flywheel.text import require_readable
from members.cart.services import issue_coupon
from members.orders.services import place_replacement_order, refund_part

from ..complaints.models import Complaint
from .models import Compensation
from .policy import daily_compensation_limit, may_grant_compensation
from .selectors import granted_today


class CompensationLimitReached(DomainError):
    status_code = 409


class NotAllowedToCompensate(DomainError):
    status_code = 403


@transaction.atomic
def grant_compensation(
    *, complaint: Complaint, agent, kind: str, amount: Decimal | None = None, quantity: int = 1, note: str = ""
) -> Compensation:
    """Settle the customer: a free replacement, a refund or a coupon, each costed and within the agent's daily limit.

    The agent's grants are serialised on the agent's user row so two tabs cannot both squeeze under the limit.
    """
    if not may_grant_compensation(agent):
        raise NotAllowedToCompensate(_("Only customer-service agents and their managers can grant compensation."))
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
        refundable = line.order.refundable
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

    granted = granted_today(agent)
    limit = daily_compensation_limit()
    if granted + cost > limit:
        raise CompensationLimitReached(
            _(
                "This grant (%(cost)s CNY) would take you past your daily compensation limit of %(limit)s CNY "
                "(%(left)s CNY left today). Ask a colleague with room in their limit, or offer something smaller. "
                "The andon cord has no limit."
            )
            % {"cost": cost, "limit": limit, "left": max(limit - granted, Decimal("0"))}
        )

    compensation = Compensation(complaint=complaint, kind=kind, cost=cost, granted_by=agent, note=note)
    if kind == Compensation.Kind.COUPON:
        compensation.coupon = issue_coupon(
            customer=complaint.customer, amount=cost, valid_days=settings.COUPON_VALID_DAYS,
            reason=_("Complaint #%(id)s") % {"id": complaint.pk}, actor=agent,
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
