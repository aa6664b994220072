"""Reads about teams: who was in which team on a given moment, and who manages whom."""

from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from .models import Team, TeamMembership


def local_day(moment: datetime) -> date:
    """The calendar day of `moment` in the site's time zone (TIME_ZONE)."""
    return timezone.localtime(moment).date()


def membership_at(user, moment: datetime) -> TeamMembership | None:
    """The membership (with its team) that `user` held at `moment`, or None.

    When dates overlap (a move entered before the old membership was ended), the latest start wins.
    """
    day = local_day(moment)
    return (
        TeamMembership.objects.select_related("team")
        .filter(user=user, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .order_by("-started_on", "-id")
        .first()
    )


def teams_managed_by(user):
    """The teams whose manager is `user` (active or not), by name."""
    return Team.objects.filter(manager=user).order_by("name")


def team_members_at(team: Team, moment: datetime):
    """The users in `team` at `moment`, as a queryset of memberships with their users."""
    day = local_day(moment)
    return (
        TeamMembership.objects.select_related("user")
        .filter(team=team, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    )
