"""Writes about complaints and processes: filing, settling states, stopping a process."""

from django.db import transaction
from django.utils.translation import gettext as _

from flywheel.errors import Conflict, DomainError
from flywheel.services import apply_transition, put_under_review, record_audit
from flywheel.text import require_readable

from ..targets import kind_of
from .models import Complaint, IssueCode, Process
from .policy import may_handle_complaints, may_take_over_complaints


MAX_COMPLAINT_TEXT = 5000
MAX_NOTE = 1000


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


def _readable_note(note: str) -> str:
    return require_readable((note or "").strip(), field=_("The note"), max_length=MAX_NOTE)


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def resolve_complaint(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    return apply_transition(obj=_locked(complaint), verb="resolve", field="state", actor=actor, note=_readable_note(note))


@transaction.atomic
def close_complaint(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    return apply_transition(obj=_locked(complaint), verb="close", field="state", actor=actor, note=_readable_note(note))


@transaction.atomic
def reopen_complaint(*, complaint: Complaint, actor, note: str = "") -> Complaint:
    return apply_transition(obj=_locked(complaint), verb="reopen", field="state", actor=actor, note=_readable_note(note))


class NotAllowedToTake(DomainError):
    status_code = 403


@transaction.atomic
def assign_to_me(*, complaint: Complaint, agent) -> Complaint:
    """Make `agent` the complaint's agent ("assign to me"), with an audit row naming who had it before.

    Raises NotAllowedToTake (403) for someone who may not work complaints, DomainError for a complaint
    that is not open, and Conflict (409) when another agent has it and `agent` is not a manager
    (`may_take_over_complaints`): a manager takes it over, an agent is told whose it is. Taking one's
    own complaint again changes nothing. The complaint's row lock makes two clicks at once end with
    one agent, the other told.
    """
    if not may_handle_complaints(agent):
        raise NotAllowedToTake(_("Only customer-service agents and their managers can take complaints."))
    # No select_related here: a row lock re-read after another commit keeps the joined agent of the
    # old snapshot (none), which would let a second click take the complaint silently.
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.state != Complaint.State.OPEN:
        raise DomainError(
            _("Complaint #%(id)s is %(state)s; reopen it before taking it.") % {"id": locked.pk, "state": locked.get_state_display()}
        )
    if locked.taken_by_id == agent.pk:
        return locked
    previous = locked.taken_by
    if previous is not None and not may_take_over_complaints(agent):
        raise Conflict(
            _("Complaint #%(id)s is already %(agent)s's. Ask them, or a manager, to hand it over; nothing was changed.")
            % {"id": locked.pk, "agent": previous.get_username()}
        )
    locked.taken_by = agent
    locked.save(update_fields=["taken_by"])
    record_audit(
        obj=locked, action="take_over" if previous is not None else "assign", actor=agent,
        from_state=locked.state, to_state=locked.state,
        note=f"from {previous.get_username()}" if previous is not None else "",
    )
    return locked


def _take_off_sale(*, target, actor=None, note: str = ""):
    return put_under_review(listable=target, actor=actor, note=note)


def _stop_process(*, target: Process, actor=None, note: str = "") -> Process:
    return stop_process(process=target, actor=actor, note=note)


# How each kind of target (tickets.targets.TARGET_KINDS) is stopped by a pull.
STOPPERS = {"product": _take_off_sale, "partner": _take_off_sale, "process": _stop_process}


def stop_target(*, target, actor=None, note: str = ""):
    """Take a pull's target out of service: a product or partner off sale, a process's lamp red."""
    return STOPPERS[kind_of(target).name](target=target, actor=actor, note=note)


@transaction.atomic
def stop_process(*, process: Process, actor=None, note: str = "") -> Process:
    """Turn a process's lamp red: an andon pull stopped it."""
    locked = Process.objects.select_for_update().get(pk=process.pk)
    return apply_transition(obj=locked, verb="stop", field="lamp", actor=actor, note=note)
