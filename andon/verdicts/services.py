"""The manager's verdict on a pull, its corrections, and the weekly second opinion.

Each service is one transaction that writes its audit rows, keeps the pull's copy of the current
verdict (AndonPull.verdict, .verdict_category, .verdict_at) in line, asks the bonus ledger to follow
(`settle_pull_bonus`), and tells the puller through the outbox. A bad pull is never a penalty for
the agent: it undoes the harm to the target (work orders cancelled, holds released, relisted) and
writes nothing on any agent figure.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal, ROUND_CEILING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from andon.bonuses.services import settle_pull_bonus
from andon.pulls.models import AndonPull, BadPullCategory, Verdict
from andon.work_orders.services import lock_work_orders_of, undo_bad_pull
from flywheel.errors import Conflict, DomainError
from flywheel.outbox.services import send_after_commit
from flywheel.services import record_audit
from flywheel.text import require_readable
from members.models import Team
from members.roles import Role

from . import jobs
from .models import PullVerdict, VerdictSecondOpinion
from .policy import may_answer_second_opinion, may_correct, may_judge

NOTE_MAX_LENGTH = 500


class NotYourVerdict(DomainError):
    status_code = 403


def _clean_line(text: str, *, field: str) -> str:
    """One line: runs of whitespace (newlines included) become one space."""
    return require_readable(" ".join((text or "").split()), field=field, max_length=NOTE_MAX_LENGTH)


def _checked_outcome(outcome: str, category: str) -> tuple[str, str]:
    if outcome not in Verdict.values:
        raise DomainError(_("Choose a verdict: rule followed or bad pull."))
    category = category or ""
    if outcome == Verdict.BAD_PULL and category not in BadPullCategory.values:
        raise DomainError(_("Say which kind of bad pull it was."))
    if outcome == Verdict.RULE_FOLLOWED and category:
        raise DomainError(_("A pull that followed the rule has no bad-pull category."))
    return outcome, category


def _lock(pull: AndonPull) -> AndonPull:
    """Lock the pull's work orders, its target and the pull, in the order every other writer takes them."""
    lock_work_orders_of(pull)
    target = pull.target
    type(target).objects.select_for_update().get(pk=target.pk)
    return AndonPull.objects.select_for_update(of=("self",)).select_related("pulled_by").get(pk=pull.pk)


def current_verdict_of(pull: AndonPull) -> PullVerdict | None:
    return PullVerdict.objects.filter(pull=pull, current=True).first()


def _record(*, pull: AndonPull, actor, outcome: str, category: str, note: str, corrects=None, reason: str = "") -> PullVerdict:
    now = timezone.now()
    if corrects is not None:
        corrects.current = False
        corrects.save(update_fields=["current"])
    try:
        # The partial unique constraint is the backstop should two verdicts ever pass the lock.
        with transaction.atomic():
            verdict = PullVerdict.objects.create(
                pull=pull, outcome=outcome, category=category, note=note, given_by=actor, given_at=now,
                corrects=corrects, correction_reason=reason,
            )
    except IntegrityError:
        raise Conflict(_("Pull #%(id)s already has a verdict; correct it instead.") % {"id": pull.pk}) from None
    pull.verdict, pull.verdict_category, pull.verdict_at = outcome, category, now
    pull.save(update_fields=["verdict", "verdict_category", "verdict_at"])
    return verdict


def _undo_harm(*, pull: AndonPull, actor, verdict: PullVerdict) -> None:
    note = _("Bad pull (%(category)s): %(note)s") % {"category": verdict.get_category_display(), "note": verdict.note or "-"}
    undo_bad_pull(pull=pull, actor=actor, reason=note)


@transaction.atomic
def give_verdict(*, pull: AndonPull, manager, outcome: str, category: str = "", note: str = "") -> PullVerdict:
    """Judge a pull: rule followed, or bad pull with its category (BadPullCategory); a one-line note.

    Who: `policy.may_judge` (the pull's team manager at pull time, never the puller). A pull has one
    current verdict; a second one is refused (Conflict, 409): correct it instead. A bad pull undoes
    the harm first, in this transaction: open work orders cancelled, stock hold released (held
    orders go on, their customers told), the target relisted. It carries no penalty for the agent.
    Raises NotYourVerdict (403), DomainError (400) for a missing category or an unreadable note.
    """
    outcome, category = _checked_outcome(outcome, category)
    note = _clean_line(note, field=_("The note"))
    pull = _lock(pull)
    if not may_judge(manager, pull):
        raise NotYourVerdict(_("You may not give the verdict on pull #%(id)s: it is for the manager of the puller's team, never the puller.") % {"id": pull.pk})
    if pull.verdict:
        raise Conflict(_("Pull #%(id)s already has a verdict; correct it instead.") % {"id": pull.pk})
    verdict = _record(pull=pull, actor=manager, outcome=outcome, category=category, note=note)
    record_audit(obj=pull, action="verdict", actor=manager, from_state="", to_state=outcome, note=f"{category} {note}".strip())
    record_audit(obj=verdict, action="give", actor=manager, to_state=outcome, note=f"{category} {note}".strip())
    if outcome == Verdict.BAD_PULL:
        _undo_harm(pull=pull, actor=manager, verdict=verdict)
    settle_pull_bonus(pull=pull, actor=manager)
    send_after_commit(jobs.notify_verdict, queue="notifications", verdict_id=verdict.pk)
    return verdict


@transaction.atomic
def correct_verdict(*, pull: AndonPull, actor, outcome: str, category: str = "", note: str = "", reason: str) -> PullVerdict:
    """Replace the pull's current verdict with a new one, saying why (a reason is required).

    Who: `policy.may_correct` (another manager than the one who gave it, or an executive; never
    the puller). The old row stays, no longer current; the new one names it. The ledger follows
    (`settle_pull_bonus`). From rule followed to bad pull, the harm is undone if the pull is still
    open. From bad pull to rule followed the target is NOT stopped again: the cord is the agent's,
    and a correction is no pull; an agent who still sees the problem pulls again.
    Raises NotYourVerdict (403), DomainError (400), Conflict (409) when there is nothing to correct.
    """
    outcome, category = _checked_outcome(outcome, category)
    note = _clean_line(note, field=_("The note"))
    reason = _clean_line(reason, field=_("The reason"))
    if not reason:
        raise DomainError(_("Say why the verdict is corrected."))
    pull = _lock(pull)
    current = current_verdict_of(pull)
    if current is None:
        raise Conflict(_("Pull #%(id)s has no verdict yet to correct.") % {"id": pull.pk})
    if not may_correct(actor, pull, current):
        raise NotYourVerdict(
            _("You may not correct the verdict on pull #%(id)s: another manager or an executive does, never its author or the puller.")
            % {"id": pull.pk}
        )
    if (current.outcome, current.category) == (outcome, category):
        raise DomainError(_("The verdict on pull #%(id)s is already that; nothing to correct.") % {"id": pull.pk})
    previous = current.outcome
    verdict = _record(pull=pull, actor=actor, outcome=outcome, category=category, note=note, corrects=current, reason=reason)
    record_audit(obj=pull, action="correct_verdict", actor=actor, from_state=previous, to_state=outcome, note=reason)
    record_audit(obj=verdict, action="correct", actor=actor, from_state=previous, to_state=outcome, note=reason)
    if outcome == Verdict.BAD_PULL and previous != Verdict.BAD_PULL:
        _undo_harm(pull=pull, actor=actor, verdict=verdict)
    settle_pull_bonus(pull=pull, actor=actor)
    send_after_commit(jobs.notify_verdict, queue="notifications", verdict_id=verdict.pk)
    return verdict


# --- The second opinion: the judge is judged too ----------------------------------------------------

def iso_week_bounds(iso_year: int, iso_week: int) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 of an ISO week, aware, in TIME_ZONE."""
    monday = date.fromisocalendar(iso_year, iso_week, 1)
    zone = timezone.get_default_timezone()
    start = datetime.combine(monday, time.min, tzinfo=zone)
    return start, datetime.combine(monday + timedelta(days=7), time.min, tzinfo=zone)


def sample_size(count: int) -> int:
    """How many of a team's `count` verdicts are sampled: ANDON_VERDICT_AUDIT_SHARE of them, rounded
    up, at least ANDON_VERDICT_AUDIT_MIN, all of them when fewer."""
    share = Decimal(str(settings.ANDON_VERDICT_AUDIT_SHARE))
    wanted = int((share * count).to_integral_value(rounding=ROUND_CEILING))
    return min(count, max(wanted, int(settings.ANDON_VERDICT_AUDIT_MIN)))


@transaction.atomic
def sample_verdicts_for_second_opinion(*, iso_year: int, iso_week: int) -> list[VerdictSecondOpinion]:
    """Send a sample of each team's verdicts given in the ISO week to managers of other teams.

    Per team (the pull's team at pull time): `sample_size` of the current verdicts given that week
    (given_at in the week, TIME_ZONE), chosen deterministically (spread over the week's verdicts in
    id order), each to a manager of another active team, rotating so the reviewers share the
    work evenly. Never to the verdict's author or the puller. Idempotent: a verdict already sampled
    is not sampled again, and a team already sampled this week gets no new rows (running twice
    creates nothing). Returns the rows created now.
    """
    start, end = iso_week_bounds(iso_year, iso_week)
    already = VerdictSecondOpinion.objects.filter(iso_year=iso_year, iso_week=iso_week)
    sampled_teams = set(already.values_list("verdict__pull__team_id", flat=True))
    verdicts = list(
        PullVerdict.objects.filter(current=True, given_at__gte=start, given_at__lt=end, pull__team__isnull=False)
        .exclude(second_opinion__isnull=False)
        .select_related("pull")
        .order_by("pull__team_id", "pk")
    )
    managers = dict(
        Team.objects.filter(active=True, manager__is_active=True, manager__groups__name=Role.MANAGER)
        .order_by("pk")
        .values_list("pk", "manager_id")
        .distinct()
    )
    User = get_user_model()
    reviewers = {user.pk: user for user in User.objects.filter(pk__in=set(managers.values()))}
    by_team: dict[int, list[PullVerdict]] = {}
    for verdict in verdicts:
        by_team.setdefault(verdict.pull.team_id, []).append(verdict)
    everyone = sorted(set(managers.values()))
    created = []
    for position, (team_id, team_verdicts) in enumerate(sorted(by_team.items())):
        if team_id in sampled_teams:
            continue
        size = sample_size(len(team_verdicts))
        # Evenly spread over the week's verdicts rather than the first few: a manager who grows
        # lenient late in the week is sampled as surely as one who starts so.
        step = len(team_verdicts) / size if size else 0
        chosen = [team_verdicts[int(i * step)] for i in range(size)]
        others = [m for m in everyone if m != managers.get(team_id)]
        for turn, verdict in enumerate(chosen):
            # Round the other managers, each team starting one further on: the reviewing is shared evenly.
            rotation = [others[(position + turn + step_) % len(others)] for step_ in range(len(others))]
            reviewer_id = next((m for m in rotation if m not in {verdict.given_by_id, verdict.pull.pulled_by_id}), None)
            if reviewer_id is None:
                continue
            opinion = VerdictSecondOpinion.objects.create(
                verdict=verdict, reviewer=reviewers[reviewer_id], iso_year=iso_year, iso_week=iso_week,
            )
            record_audit(obj=opinion, action="request", note=f"verdict #{verdict.pk}, pull #{verdict.pull_id}")
            send_after_commit(jobs.notify_second_opinion_requested, queue="notifications", opinion_id=opinion.pk)
            created.append(opinion)
    return created


@transaction.atomic
def answer_second_opinion(*, opinion: VerdictSecondOpinion, reviewer, agrees: bool, note: str = "") -> VerdictSecondOpinion:
    """The second reviewer says whether they agree with the sampled verdict, with a one-line note.

    Only the named reviewer answers, once (NotYourVerdict 403; Conflict 409 when already answered).
    A disagreement does not change the verdict: it counts in the team's disagreement rate, and
    a manager or an executive may correct the verdict (`correct_verdict`).
    """
    note = _clean_line(note, field=_("The note"))
    opinion = VerdictSecondOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.answered_at is not None:
        raise Conflict(_("This second opinion was already given."))
    if not may_answer_second_opinion(reviewer, opinion):
        raise NotYourVerdict(_("This second opinion was asked of another manager."))
    if not agrees and not note:
        raise DomainError(_("Say why you disagree."))
    opinion.agrees, opinion.note, opinion.answered_at = bool(agrees), note, timezone.now()
    opinion.save(update_fields=["agrees", "note", "answered_at"])
    record_audit(obj=opinion, action="answer", actor=reviewer, to_state="agrees" if agrees else "disagrees", note=note)
    return opinion
