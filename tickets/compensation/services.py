"""Granting compensation: the one write of this sub-domain."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flywheel.errors import Conflict, DomainError
from flywheel.outbox.services import send_after_commit
from flywheel.services import apply_transition, record_audit
from flywheel.text import require_readable
from members.cart.services import issue_coupon
from members.orders.services import place_replacement_order, refund_part

from ..complaints.models import Complaint
from . import jobs
from .models import Compensation, CompensationRequest
from .policy import approver_for, daily_compensation_limit, may_decide_request, may_grant_compensation
from .selectors import granted_today, left_today


class CompensationLimitReached(DomainError):
    status_code = 409


class NotAllowedToCompensate(DomainError):
    status_code = 403


@transaction.atomic
def grant_compensation(
    *, complaint: Complaint, agent, kind: str, amount: Decimal | None = None, quantity: int = 1, note: str = ""
) -> Compensation:
    """Settle the customer: a free replacement, a refund or a coupon, each costed and within the agent's daily limit.

    Raises NotAllowedToCompensate (403), CompensationLimitReached (409) past the limit (the page then
    offers to ask a manager: `ask_for_approval`), DomainError for anything else it cannot grant.
    The agent's grants are serialised on the agent's user row so two tabs cannot both squeeze under the limit.
    """
    _lock_grantor(agent)
    complaint = _open_complaint(complaint)
    note = _note(note)
    cost = _cost_of(complaint, kind=kind, amount=amount, quantity=quantity)

    granted = granted_today(agent)
    limit = daily_compensation_limit()
    if granted + cost > limit:
        raise CompensationLimitReached(
            _(
                "This grant (%(cost)s CNY) would take you past your daily compensation limit of %(limit)s CNY "
                "(%(left)s CNY left today). Ask a manager to approve it, or offer something smaller. "
                "The andon cord has no limit."
            )
            % {"cost": cost, "limit": limit, "left": max(limit - granted, Decimal("0"))}
        )
    return _grant(complaint=complaint, granted_by=agent, kind=kind, cost=cost, quantity=quantity, note=note)


def _lock_grantor(agent) -> None:
    """Refuse anyone who may not grant (NotAllowedToCompensate), then serialise the agent's grants
    and requests on their user row, so two tabs cannot both squeeze under the limit."""
    if not may_grant_compensation(agent):
        raise NotAllowedToCompensate(_("Only customer-service agents and their managers can grant compensation."))
    get_user_model().objects.select_for_update().filter(pk=agent.pk).first()


def _open_complaint(complaint: Complaint) -> Complaint:
    complaint = Complaint.objects.select_related("order_line__order", "order_line__product", "customer").get(pk=complaint.pk)
    if complaint.state == Complaint.State.CLOSED:
        raise DomainError(_("Complaint #%(id)s is closed; reopen it before granting anything.") % {"id": complaint.pk})
    return complaint


def _note(note: str) -> str:
    note = require_readable(" ".join((note or "").split()), field=_("The note"))
    if len(note) > 300:
        raise DomainError(_("The note is limited to 300 characters."))
    return note


def _cost_of(complaint: Complaint, *, kind: str, amount, quantity: int) -> Decimal:
    """What the grant would cost the company (CNY); DomainError when it cannot be granted on this complaint."""
    line = complaint.order_line
    if kind == Compensation.Kind.COUPON:
        return _positive(amount)
    if kind == Compensation.Kind.REFUND:
        if line is None:
            raise DomainError(_("A refund needs a complaint about an order line."))
        cost = _positive(amount if amount is not None else line.line_total)
        refundable = line.order.refundable
        if cost > refundable:
            raise DomainError(
                _("A refund on order %(number)s can be at most %(left)s CNY.") % {"number": line.order.number, "left": refundable}
            )
        return cost
    if kind == Compensation.Kind.REPLACEMENT:
        if line is None:
            raise DomainError(_("A replacement needs a complaint about an order line."))
        return (line.product.cost * quantity).quantize(Decimal("0.01"))
    raise DomainError(_("Unknown kind of compensation: %(kind)s.") % {"kind": kind})


def _grant(*, complaint: Complaint, granted_by, kind: str, cost: Decimal, quantity: int, note: str, audit_note: str = "") -> Compensation:
    """Give the customer what was granted (coupon, refund or replacement order) and record its cost."""
    line = complaint.order_line
    compensation = Compensation(complaint=complaint, kind=kind, cost=cost, granted_by=granted_by, note=note)
    reason = _("Complaint #%(id)s") % {"id": complaint.pk}
    if kind == Compensation.Kind.COUPON:
        compensation.coupon = issue_coupon(
            customer=complaint.customer, amount=cost, valid_days=settings.COUPON_VALID_DAYS, reason=reason, actor=granted_by,
        )
    elif kind == Compensation.Kind.REFUND:
        refund_part(order=line.order, amount=cost, actor=granted_by, note=reason)
    else:
        compensation.replacement_order = place_replacement_order(order_line=line, quantity=quantity, actor=granted_by, note=reason)
    compensation.save()
    record_audit(
        obj=complaint, action=f"compensate_{kind}", actor=granted_by, from_state=complaint.state, to_state=complaint.state,
        note=" · ".join(part for part in (f"{cost} CNY", audit_note) if part),
    )
    return compensation


# --- Above the limit: ask a manager ----------------------------------------------------------


@transaction.atomic
def ask_for_approval(
    *, complaint: Complaint, agent, kind: str, amount: Decimal | None = None, quantity: int = 1, note: str = ""
) -> CompensationRequest:
    """Ask the agent's team manager (else every customer-service manager) to approve a grant above what
    the agent may still grant today; they are told through the outbox, with a link to their approvals.

    Raises NotAllowedToCompensate (403); DomainError when the grant is impossible or within the agent's
    own room today (they grant it themselves); Conflict (409) when the same kind already waits on this
    complaint.
    """
    _lock_grantor(agent)
    complaint = _open_complaint(complaint)
    note = _note(note)
    cost = _cost_of(complaint, kind=kind, amount=amount, quantity=quantity)
    left = left_today(agent)
    if cost <= left:
        raise DomainError(
            _("%(cost)s CNY is within what you may still grant today (%(left)s CNY): grant it yourself, no approval needed.")
            % {"cost": cost, "left": left}
        )
    waiting = CompensationRequest.objects.filter(complaint=complaint, kind=kind, state=CompensationRequest.State.PENDING).first()
    if waiting is not None:
        raise Conflict(
            _("A %(kind)s of %(cost)s CNY on this complaint is already waiting for a manager's answer (asked by %(agent)s).")
            % {"kind": waiting.get_kind_display(), "cost": waiting.cost, "agent": waiting.requested_by.get_username()}
        )
    request = CompensationRequest.objects.create(
        complaint=complaint, kind=kind, amount=cost if kind != Compensation.Kind.REPLACEMENT else None,
        quantity=quantity if kind == Compensation.Kind.REPLACEMENT else 1, cost=cost, note=note,
        requested_by=agent, approver=approver_for(agent),
    )
    record_audit(obj=request, action="ask", actor=agent, to_state=request.state, note=f"{kind} {cost} CNY")
    send_after_commit(jobs.notify_approval_asked, queue="notifications", request_id=request.pk)
    return request


def _locked_request(request: CompensationRequest, manager) -> CompensationRequest:
    locked = CompensationRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != CompensationRequest.State.PENDING:
        decider = get_user_model().objects.filter(pk=locked.decided_by_id).first()
        raise Conflict(
            _("Request #%(id)s was already %(state)s by %(manager)s; nothing was changed.")
            % {"id": locked.pk, "state": locked.get_state_display(), "manager": decider.get_username() if decider else "-"}
        )
    if not may_decide_request(manager, locked):
        raise NotAllowedToCompensate(_("This request is for another manager to decide."))
    return locked


@transaction.atomic
def approve_request(*, request: CompensationRequest, manager) -> CompensationRequest:
    """Grant what was asked on the manager's authority (outside anyone's daily limit), audited on the
    request and the complaint; the agent and the customer are told.

    The request's row lock makes two approvals (two tabs, two managers) end in one grant: the second
    is refused with Conflict (409). Raises NotAllowedToCompensate (403) for anyone but its approver,
    DomainError when the grant has become impossible (the order refunded meanwhile, the complaint closed).
    """
    locked = _locked_request(request, manager)
    complaint = _open_complaint(locked.complaint)
    cost = _cost_of(complaint, kind=locked.kind, amount=locked.amount, quantity=locked.quantity)
    locked.compensation = _grant(
        complaint=complaint, granted_by=manager, kind=locked.kind, cost=cost, quantity=locked.quantity, note=locked.note,
        audit_note=f"approved request #{locked.pk} of {locked.requested_by.get_username()}",
    )
    locked.decided_by, locked.decided_at = manager, timezone.now()
    apply_transition(obj=locked, verb="approve", field="state", actor=manager)
    send_after_commit(jobs.notify_approval_decided, queue="notifications", request_id=locked.pk)
    return locked


@transaction.atomic
def decline_request(*, request: CompensationRequest, manager, reason: str) -> CompensationRequest:
    """Decline with a reason (1 to 300 characters) that the agent and the customer read; nothing is granted.

    Raises DomainError without a reason, Conflict (409) once decided, NotAllowedToCompensate (403)
    for anyone but its approver.
    """
    reason = require_readable(" ".join((reason or "").split()), field=_("The reason"))
    if not reason:
        raise DomainError(_("Say why you decline: the agent and the customer read it."))
    if len(reason) > 300:
        raise DomainError(_("The reason is limited to 300 characters."))
    locked = _locked_request(request, manager)
    locked.decided_by, locked.decided_at, locked.decline_reason = manager, timezone.now(), reason
    apply_transition(obj=locked, verb="decline", field="state", actor=manager, note=reason)
    send_after_commit(jobs.notify_approval_decided, queue="notifications", request_id=locked.pk)
    return locked


def _positive(amount) -> Decimal:
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError, TypeError):
        raise DomainError(_("Give the amount in CNY, e.g. 5.00.")) from None
    if value <= 0:
        raise DomainError(_("The amount must be more than 0 CNY."))
    return value
