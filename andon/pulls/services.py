"""The andon pull: one click, one line, the target stops at once. No approval, ever."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.text import require_readable
from flywheel.outbox.services import send_after_commit
from flywheel.services import record_audit
from members.teams.selectors import membership_at
from tickets.models import Complaint, IssueCode
from tickets.complaints.selectors import rule_status
from tickets.complaints.services import stop_target
from tickets.targets import kind_of, target_key

from andon.work_orders.services import open_work_orders

from . import jobs
from .models import REASON_MAX_LENGTH, AndonPull, AndonWarning, PullComplaint, PullSupport
from .policy import may_close_warning, may_pull
from .selectors import gmv_at_stake


class NotAllowedToPull(DomainError):
    status_code = 403


@dataclass(frozen=True)
class PullOutcome:
    pull: AndonPull
    joined: bool  # True when the target already had an open pull and this was a "+1"


def clean_reason(reason: str) -> str:
    """One line of plain text: newlines folded to spaces, not empty, at most 200 characters."""
    line = " ".join(require_readable(reason or "", field=_("The reason")).split())
    if not line:
        raise DomainError(_("Type one line saying why you pull the cord."))
    if len(line) > REASON_MAX_LENGTH:
        raise DomainError(
            _("The reason is one line of at most %(max)d characters; it has %(length)d.")
            % {"max": REASON_MAX_LENGTH, "length": len(line)}
        )
    return line


@transaction.atomic
def pull_andon(
    *, agent, reason: str, complaint: Complaint | None = None, target=None, issue_code: IssueCode | None = None
) -> PullOutcome:
    """Stop the target now (off sale, hidden, or red) and record who, why and what was at stake.

    The target row is locked first, so concurrent pulls on one target queue behind each other and
    all but the first join the open pull ("+1"). The partial unique constraint is the backstop.
    """
    if not may_pull(agent):
        raise NotAllowedToPull(_("Only customer-service agents and their managers can pull the andon cord."))
    if complaint is not None:
        target, issue_code = complaint.target, issue_code or complaint.issue_code
    if target is None or issue_code is None:
        raise DomainError(_("Say what to pull: a complaint, or a target with an issue code."))
    line = clean_reason(reason)
    kind = kind_of(target)
    target = kind.model.objects.select_for_update().get(pk=target.pk)
    key = target_key(target)

    pull = AndonPull.objects.filter(target_key=key, state=AndonPull.State.OPEN).first()
    if pull is not None:
        return PullOutcome(_join(pull=pull, agent=agent, complaint=complaint, reason=line), joined=True)

    status = rule_status(target=target, issue_code=issue_code)
    # The team and manager who carry this pull in the bad-pull rate, fixed at the moment of the pull.
    pulled_at = timezone.now()
    membership = membership_at(agent, pulled_at)
    try:
        with transaction.atomic():
            pull = AndonPull.objects.create(
                target_kind=kind.name,
                target_key=key,
                **{kind.name: target},
                reason=line,
                issue_code=issue_code,
                pulled_by=agent,
                pulled_at=pulled_at,
                rule_met=status.met,
                rule_snapshot={
                    "distinct_customers": status.distinct_customers,
                    "needed": status.needed,
                    "window_days": status.window_days,
                    "complaints": [
                        {"id": c.pk, "customer_id": c.customer_id, "created_at": c.created_at.isoformat()}
                        for c in status.complaints
                    ],
                },
                gmv_at_stake=gmv_at_stake(target),
                team=membership.team if membership else None,
                team_manager_id=membership.team.manager_id if membership else None,
                support_count=1,  # the PullSupport written just below, in this transaction
            )
    except IntegrityError:
        # Another transaction opened the pull between our check and insert (only possible where
        # the row lock is not honoured): join it instead.
        pull = AndonPull.objects.get(target_key=key, state=AndonPull.State.OPEN)
        return PullOutcome(_join(pull=pull, agent=agent, complaint=complaint, reason=line), joined=True)

    PullSupport.objects.create(pull=pull, agent=agent, complaint=complaint, reason=line)
    record_audit(obj=pull, action="pull", actor=agent, to_state=pull.state, note=line)
    attach_rule_complaints(pull=pull, status=status, complaint=complaint, agent=agent)
    if not kind.is_stopped(target):
        stop_target(target=target, actor=agent, note=_("Andon pull #%(id)s: %(reason)s") % {"id": pull.pk, "reason": line})
        pull.stopped_target = True
        pull.save(update_fields=["stopped_target"])
    open_work_orders(pull=pull, actor=agent)
    send_after_commit(jobs.notify_pull_opened, queue="notifications", pull_id=pull.pk)
    return PullOutcome(pull, joined=False)


def count_support(pull: AndonPull) -> None:
    """Add the support just written to the pull's `support_count` (the weekly report's "+1s" read
    it), in the caller's transaction: one UPDATE, atomic in the database. A new pull is created
    with its first support already counted (support_count=1)."""
    AndonPull.objects.filter(pk=pull.pk).update(support_count=F("support_count") + 1)


def _join(*, pull: AndonPull, agent, complaint: Complaint | None, reason: str) -> AndonPull:
    if complaint is None or not pull.supports.filter(complaint=complaint).exists():
        PullSupport.objects.create(pull=pull, agent=agent, complaint=complaint, reason=reason)
        count_support(pull)
        record_audit(obj=pull, action="join", actor=agent, from_state=pull.state, to_state=pull.state, note=reason)
    if complaint is not None:
        _attach(pull=pull, complaint=complaint, how=PullComplaint.How.JOINED, agent=agent)
    return pull


def attach_rule_complaints(*, pull: AndonPull, status, complaint: Complaint | None, agent) -> list[PullComplaint]:
    """Attach to a new pull the complaint it was pulled from and every complaint that met the rule then.

    `status` is the `RuleStatus` the pull's snapshot was taken from: its complaints (same target,
    same issue code, within the window) become points the supplier's answer must cover, so a
    customer whose complaint made the rule is not left out because another's was pulled from.
    Called inside the pull's transaction, before anything else is attached; returns the rows.
    """
    rows = [] if complaint is None else [PullComplaint(pull=pull, complaint=complaint, how=PullComplaint.How.PULLED, attached_by=agent)]
    rows += [
        PullComplaint(pull=pull, complaint=match, how=PullComplaint.How.MET_RULE, attached_by=agent)
        for match in status.complaints
        if complaint is None or match.pk != complaint.pk
    ]
    return _save_attached(pull=pull, rows=rows, agent=agent)


def _attach(*, pull: AndonPull, complaint: Complaint, how: str, agent) -> list[PullComplaint]:
    """Attach one complaint to an open pull unless it is on it already."""
    if pull.pull_complaints.filter(complaint=complaint).exists():
        return []
    return _save_attached(pull=pull, rows=[PullComplaint(pull=pull, complaint=complaint, how=how, attached_by=agent)], agent=agent)


def _save_attached(*, pull: AndonPull, rows: list[PullComplaint], agent) -> list[PullComplaint]:
    """One insert for the rows and one audit row on the pull naming each complaint and how it came."""
    if not rows:
        return []
    PullComplaint.objects.bulk_create(rows)
    record_audit(
        obj=pull, action="attach_complaints", actor=agent, from_state=pull.state, to_state=pull.state,
        note=", ".join(f"#{row.complaint_id} {row.how}" for row in rows),
    )
    return rows


@transaction.atomic
def warn_owners(
    *, agent, reason: str, complaint: Complaint | None = None, target=None, issue_code: IssueCode | None = None
) -> AndonWarning:
    """Tell the target's owners about a problem without stopping sale."""
    if not may_pull(agent):
        raise NotAllowedToPull(_("Only customer-service agents and their managers can raise an andon warning."))
    if complaint is not None:
        target, issue_code = complaint.target, issue_code or complaint.issue_code
    if target is None or issue_code is None:
        raise DomainError(_("Say what to warn about: a complaint, or a target with an issue code."))
    kind = kind_of(target)
    warning = AndonWarning.objects.create(
        target_kind=kind.name, target_key=target_key(target), **{kind.name: target}, complaint=complaint,
        issue_code=issue_code, reason=clean_reason(reason), warned_by=agent,
    )
    record_audit(obj=warning, action="warn", actor=agent, note=warning.reason)
    send_after_commit(jobs.notify_warning_raised, queue="notifications", warning_id=warning.pk)
    return warning


@transaction.atomic
def close_warning(*, warning: AndonWarning, user, note: str = "") -> AndonWarning:
    """Take a warning off the board: its owners looked and it is not systemic (no pull follows).

    Raises NotAllowedToPull (403) for anyone but a manager, DomainError if it is already closed.
    """
    if not may_close_warning(user):
        raise NotAllowedToPull(_("Only managers can close an andon warning."))
    warning = AndonWarning.objects.select_for_update().get(pk=warning.pk)
    if warning.closed_at is not None:
        raise DomainError(_("This warning is already closed."))
    warning.closed_at, warning.closed_by = timezone.now(), user
    warning.save(update_fields=["closed_at", "closed_by"])
    record_audit(obj=warning, action="close", actor=user, from_state="open", to_state="closed", note=note[:300])
    return warning
