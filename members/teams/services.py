"""Writes to teams: create or rename a team, add, move or end a membership. Each leaves an audit row.

A move never rewrites a membership: the old one ends on the move's day and a new one starts that
same day, so every pull keeps the team it was made in (AndonPull.team is fixed at pull time anyway).
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from flywheel.errors import DomainError
from flywheel.services import record_audit
from flywheel.text import require_readable

from .models import Team, TeamMembership


def _name(text: str, *, field: str) -> str:
    return require_readable(" ".join((text or "").split()), field=field, max_length=200)


@transaction.atomic
def create_team(*, name: str, name_zh: str = "", code: str, manager, cost_centre: str = "", actor) -> Team:
    """A new active team with its manager. Raises DomainError for a blank name or a code in use."""
    name = _name(name, field=_("The name"))
    if not name:
        raise DomainError(_("Give the team a name."))
    if Team.objects.filter(code=code).exists():
        raise DomainError(_("The code %(code)s is already another team's.") % {"code": code})
    team = Team.objects.create(
        name=name, name_zh=_name(name_zh, field=_("The Chinese name")), code=code, manager=manager,
        cost_centre=(cost_centre or "").strip(),
    )
    record_audit(obj=team, action="create", actor=actor, note=f"{team.name}; manager {manager.get_username()}")
    return team


@transaction.atomic
def rename_team(*, team: Team, name: str, name_zh: str = "", manager=None, cost_centre: str | None = None, active: bool | None = None, actor) -> Team:
    """Change a team's names (and, when given, its manager, cost centre or active flag).

    A new manager carries the team's pulls from now on; pulls already made keep the manager they
    were made under (AndonPull.team_manager).
    """
    team = Team.objects.select_for_update().get(pk=team.pk)
    before = f"{team.name} / {team.name_zh} / {team.manager_id}"
    name = _name(name, field=_("The name"))
    if not name:
        raise DomainError(_("Give the team a name."))
    team.name, team.name_zh = name, _name(name_zh, field=_("The Chinese name"))
    if manager is not None:
        team.manager = manager
    if cost_centre is not None:
        team.cost_centre = cost_centre.strip()
    if active is not None:
        team.active = active
    team.save()
    record_audit(obj=team, action="rename", actor=actor, note=f"{before} -> {team.name} / {team.name_zh} / {team.manager_id}")
    return team


def _overlapping(user, started_on: date, ended_on: date | None, *, exclude_pk=None):
    rows = TeamMembership.objects.filter(user=user).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on))
    if ended_on is not None:
        rows = rows.filter(started_on__lt=ended_on)
    return rows.exclude(pk=exclude_pk) if exclude_pk else rows


@transaction.atomic
def add_member(*, team: Team, user, started_on: date, ended_on: date | None = None, actor) -> TeamMembership:
    """Put `user` in `team` from `started_on` (inclusive) to `ended_on` (exclusive, open when None).

    Refused (DomainError) when it would overlap another membership of the user: move them instead.
    """
    if ended_on is not None and ended_on <= started_on:
        raise DomainError(_("A membership ends after it starts."))
    if _overlapping(user, started_on, ended_on).exists():
        raise DomainError(
            _("%(user)s is already in a team on those days; move them instead.") % {"user": user.get_username()}
        )
    membership = TeamMembership.objects.create(team=team, user=user, started_on=started_on, ended_on=ended_on)
    record_audit(obj=membership, action="add_member", actor=actor, note=f"{user.get_username()} -> {team.code} from {started_on}")
    return membership


@transaction.atomic
def end_membership(*, membership: TeamMembership, ended_on: date, actor) -> TeamMembership:
    """End a membership: `ended_on` is the first day no longer in the team."""
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if ended_on <= membership.started_on:
        raise DomainError(_("A membership ends after it starts."))
    if membership.ended_on is not None and membership.ended_on <= ended_on:
        raise DomainError(_("This membership already ended on %(day)s.") % {"day": membership.ended_on})
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on"])
    record_audit(obj=membership, action="end_membership", actor=actor, note=f"{membership.user.get_username()} leaves {membership.team.code} on {ended_on}")
    return membership


@transaction.atomic
def move_member(*, user, to_team: Team, on: date, actor) -> TeamMembership:
    """Move `user` to `to_team` on the day `on`: their current membership ends that day and the new one starts it.

    Refused when they are already in `to_team` on that day. A user in no team simply joins.
    """
    current = (
        TeamMembership.objects.select_for_update().filter(user=user, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on)).order_by("-started_on", "-id").first()
    )
    if current is not None and current.team_id == to_team.pk:
        raise DomainError(_("%(user)s is already in %(team)s.") % {"user": user.get_username(), "team": to_team})
    if current is not None:
        if current.started_on == on:
            raise DomainError(_("%(user)s joined their team that very day; end that membership first.") % {"user": user.get_username()})
        end_membership(membership=current, ended_on=on, actor=actor)
    membership = add_member(team=to_team, user=user, started_on=on, actor=actor)
    record_audit(obj=membership, action="move_member", actor=actor, note=f"{user.get_username()} -> {to_team.code} on {on}")
    return membership
