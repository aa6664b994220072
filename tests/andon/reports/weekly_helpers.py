"""Building the weekly report's data fast: teams and pulls written directly (bulk), verdicts set
with `.update()` as the verdict services would leave them (they are another sub-domain's work)."""

import itertools
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from andon.pulls.models import AndonPull, BadPullCategory, PullSupport, Verdict
from members.factories import UserFactory
from members.models import Team, TeamMembership
from tickets.factories import IssueCodeFactory, ProcessFactory
from tickets.models import Complaint

SHANGHAI = ZoneInfo("Asia/Shanghai")
_keys = itertools.count(1)


def shanghai(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def make_team(code: str, *, manager=None, agents=(), since=datetime(2020, 1, 1).date()) -> Team:
    manager = manager or UserFactory(username=f"{code}-manager", roles=["manager"])
    team = Team.objects.create(name=f"Team {code}", name_zh=f"{code} 组", code=code, manager=manager)
    for agent in agents:
        TeamMembership.objects.create(team=team, user=agent, started_on=since)
    return team


def make_pulls(team, count: int, *, at: datetime, agent=None, bad: int = 0, judged: int | None = None,
               rule_met: bool = True, gmv: str = "100.00", product=None, category=BadPullCategory.RULE_MISUNDERSTOOD,
               relisted_after: timedelta | None = None) -> list[AndonPull]:
    """`count` pulls by `agent` of `team` at `at`: the first `bad` judged bad, up to `judged` (default all) judged at all."""
    agent = agent or UserFactory(roles=["agent"])
    judged = count if judged is None else judged
    issue = IssueCodeFactory()
    pulls = []
    for index in range(count):
        verdict = "" if index >= judged else (Verdict.BAD_PULL if index < bad else Verdict.RULE_FOLLOWED)
        key = next(_keys)
        pulls.append(AndonPull(
            target_kind=AndonPull.TargetKind.PRODUCT if product else AndonPull.TargetKind.PROCESS,
            target_key=f"test:{key}", product=product, state=AndonPull.State.CLOSED, reason="test", issue_code=issue,
            pulled_by=agent, pulled_at=at, rule_met=rule_met, gmv_at_stake=Decimal(gmv), team=team,
            team_manager=team.manager if team else None, verdict=verdict,
            verdict_category=category if verdict == Verdict.BAD_PULL else "",
            verdict_at=at + timedelta(hours=1) if verdict else None,
            relisted_at=at + relisted_after if relisted_after is not None else None,
            support_count=1,  # the one support written below, as pull_andon counts it
        ))
    created = AndonPull.objects.bulk_create(pulls)
    PullSupport.objects.bulk_create([PullSupport(pull=pull, agent=agent, reason="test", at=at) for pull in created])
    return created


def make_complaints(count: int, *, at: datetime, agent=None, customer=None) -> list[Complaint]:
    issue, process = IssueCodeFactory(), ProcessFactory()
    customer = customer or UserFactory()
    return Complaint.objects.bulk_create([
        Complaint(customer=customer, process=process, issue_code=issue, text="test", taken_by=agent, created_at=at)
        for _ in range(count)
    ])
