"""Reads about verdicts: the queue, the backlog, what the puller had, and the second-opinion figures."""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from andon.pulls.models import AndonPull
from andon.work_orders.models import WorkOrder
from tickets.models import Complaint

from .models import PullVerdict, VerdictSecondOpinion
from .policy import judgeable_by


def verdict_queue_for(user):
    """The pulls awaiting a verdict that `user` may give, oldest first, with what a list row shows."""
    return (
        AndonPull.objects.filter(judgeable_by(user), verdict="")
        .select_related("product", "partner", "process", "issue_code", "pulled_by", "team")
        .order_by("pulled_at", "pk")
    )


@dataclass(frozen=True)
class Backlog:
    count: int
    oldest_age_hours: Decimal | None  # hours since the oldest pull awaiting a verdict was pulled; None when none waits


def verdict_backlog(*, now: datetime | None = None, team=None) -> Backlog:
    """The pulls awaiting a verdict (count) and the age of the oldest, in hours with one decimal."""
    now = now or timezone.now()
    pulls = AndonPull.objects.filter(verdict="")
    if team is not None:
        pulls = pulls.filter(team=team)
    figures = pulls.aggregate(count=Count("pk"), oldest=Min("pulled_at"))
    if figures["oldest"] is None:
        return Backlog(count=0, oldest_age_hours=None)
    hours = Decimal((now - figures["oldest"]).total_seconds()) / Decimal(3600)
    return Backlog(count=figures["count"], oldest_age_hours=hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Disagreement:
    team_id: int
    team_name: str
    sampled: int
    answered: int
    disagreed: int
    rate: Decimal | None  # percent of the answered second opinions that disagreed, 2 decimals; None when none answered


def disagreement_rate_by_team(iso_year: int, iso_week: int) -> list[Disagreement]:
    """Per team (of the sampled pulls), the week's second opinions: sampled, answered, disagreed, rate.

    One aggregate query. The rate is disagreed / answered in percent (2 decimals, half up).
    """
    rows = (
        VerdictSecondOpinion.objects.filter(iso_year=iso_year, iso_week=iso_week)
        .values(team_id=F("verdict__pull__team_id"), name=F("verdict__pull__team__name"))
        .annotate(
            sampled=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            disagreed=Count("pk", filter=Q(agrees=False)),
        )
        .order_by("name", "team_id")
    )
    result = []
    for row in rows:
        rate = None
        if row["answered"]:
            rate = (Decimal(100) * row["disagreed"] / row["answered"]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        result.append(Disagreement(row["team_id"], row["name"], row["sampled"], row["answered"], row["disagreed"], rate))
    return result


def second_opinions_for(user):
    """The second opinions asked of `user`, unanswered first."""
    return (
        VerdictSecondOpinion.objects.filter(reviewer=user)
        .select_related("verdict__pull__product", "verdict__pull__partner", "verdict__pull__process", "verdict__given_by")
        .order_by(F("answered_at").asc(nulls_first=True), "-requested_at", "-pk")
    )


def verdict_history(pull: AndonPull) -> list[PullVerdict]:
    """Every verdict on the pull, the current one first, corrections with their reasons."""
    return list(PullVerdict.objects.filter(pull=pull).select_related("given_by").order_by("-given_at", "-pk"))


def earlier_verdicts_of(agent, *, before: AndonPull) -> dict:
    """The agent's earlier pulls' current verdicts: {"rule_followed": n, "bad_pull": n, "awaiting": n,
    "categories": {category: n}} (for the manager coaching the agent; never on an executive page)."""
    rows = (
        AndonPull.objects.filter(pulled_by=agent, pulled_at__lt=before.pulled_at)
        .exclude(pk=before.pk)
        .values("verdict", "verdict_category")
        .annotate(n=Count("pk"))
    )
    counts = {"rule_followed": 0, "bad_pull": 0, "awaiting": 0, "categories": {}}
    for row in rows:
        key = row["verdict"] or "awaiting"
        counts[key] += row["n"]
        if row["verdict_category"]:
            counts["categories"][row["verdict_category"]] = counts["categories"].get(row["verdict_category"], 0) + row["n"]
    return counts


def rule_complaints(pull: AndonPull) -> list[Complaint]:
    """The complaints that met the rule at pull time, as the pull recorded them (rule_snapshot)."""
    ids = [entry.get("id") for entry in (pull.rule_snapshot or {}).get("complaints", []) if entry.get("id")]
    return list(Complaint.objects.filter(pk__in=ids).select_related("customer", "issue_code").order_by("created_at", "pk"))


def work_order_outcomes(pull: AndonPull) -> list[WorkOrder]:
    return list(pull.work_orders.select_related("assignee").order_by("pk"))
