"""The bonus ledger's fixtures: a team with its manager and agents, pulls on it, and a verdict setter.

The verdict services belong to another sub-domain; these tests set the pull's current verdict the
way those services leave it (one current PullVerdict row, its copy on the pull) and call
`settle_pull_bonus` as they do.
"""

from datetime import date

import pytest
from django.utils import timezone

from andon.bonuses.services import settle_pull_bonus
from andon.pulls.models import AndonPull, BadPullCategory, Verdict
from andon.pulls.services import pull_andon
from andon.verdicts.models import PullVerdict
from flywheel.factories import ProductFactory
from members.factories import UserFactory
from members.teams.models import Team, TeamMembership
from tickets.factories import ComplaintFactory


def give_verdict(pull: AndonPull, outcome: str, *, by, settle: bool = True) -> AndonPull:
    """Record `outcome` as the pull's current verdict (a correction when it had one), then settle its bonus."""
    previous = PullVerdict.objects.filter(pull=pull, current=True).first()
    if previous is not None:
        PullVerdict.objects.filter(pk=previous.pk).update(current=False)
    category = BadPullCategory.RULE_MISUNDERSTOOD if outcome == Verdict.BAD_PULL else ""
    PullVerdict.objects.create(
        pull=pull, outcome=outcome, category=category, given_by=by, corrects=previous,
        correction_reason="Second look" if previous else "",
    )
    AndonPull.objects.filter(pk=pull.pk).update(verdict=outcome, verdict_category=category, verdict_at=timezone.now())
    pull.refresh_from_db()
    if settle:
        settle_pull_bonus(pull=pull, actor=by)
    return pull


def team_with(manager, *agents, code: str = "team-a") -> Team:
    team = Team.objects.create(name=f"Team {code}", code=code, manager=manager, cost_centre=f"CC-{code.upper()}")
    for agent in agents:
        TeamMembership.objects.create(team=team, user=agent, started_on=date(2020, 1, 1))
    return team


def make_pull(agent, *joiners):
    """A pull by `agent` on a new product, with a "+1" by each of `joiners` (on complaints of their own)."""
    product = ProductFactory(stock=5)
    pull = pull_andon(agent=agent, complaint=ComplaintFactory(product=product), reason="Pages uncut").pull
    for joiner in joiners:
        pull_andon(agent=joiner, complaint=ComplaintFactory(product=product), reason="Same here")
    pull.refresh_from_db()
    return pull


@pytest.fixture
def crew(db):
    """A team (manager `lead`, agents `ann` and `bo`), another team's manager `other_lead`, an executive."""
    lead, other_lead = UserFactory(username="lead", is_staff=True, roles=["manager"]), UserFactory(username="other_lead", is_staff=True, roles=["manager"])
    ann, bo = UserFactory(username="ann", roles=["agent"]), UserFactory(username="bo", roles=["agent"])
    carl = UserFactory(username="carl", roles=["agent"])
    team_with(lead, ann, bo, code="team-a")
    team_with(other_lead, carl, code="team-b")
    executive = UserFactory(username="boss", is_staff=True, roles=["executive"])
    return {"lead": lead, "other_lead": other_lead, "ann": ann, "bo": bo, "carl": carl, "executive": executive}
