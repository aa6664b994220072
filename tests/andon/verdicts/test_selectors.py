"""The verdict backlog for the KPI report: how many pulls await a verdict, and how old the oldest is."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from andon.pulls.models import AndonPull, Verdict
from andon.verdicts.selectors import earlier_verdicts_of, verdict_backlog
from andon.verdicts.services import give_verdict

from .conftest import pull_by

pytestmark = pytest.mark.django_db


def test_the_backlog_counts_awaiting_pulls_and_ages_the_oldest_in_hours(people, teams):
    now = timezone.now()
    old, recent, judged = pull_by(people["agent"]), pull_by(people["agent"]), pull_by(people["agent"])
    AndonPull.objects.filter(pk=old.pk).update(pulled_at=now - timedelta(hours=30, minutes=15))
    AndonPull.objects.filter(pk=recent.pk).update(pulled_at=now - timedelta(hours=2))
    give_verdict(pull=judged, manager=people["manager"], outcome=Verdict.RULE_FOLLOWED)

    backlog = verdict_backlog(now=now)

    assert (backlog.count, backlog.oldest_age_hours) == (2, Decimal("30.3"))


def test_an_empty_backlog_has_no_age(db):
    assert verdict_backlog() == verdict_backlog().__class__(count=0, oldest_age_hours=None)


def test_earlier_verdicts_count_only_the_agents_earlier_pulls(people, teams):
    first, second = pull_by(people["agent"]), pull_by(people["agent"])
    AndonPull.objects.filter(pk=first.pk).update(pulled_at=timezone.now() - timedelta(days=3))
    give_verdict(pull=first, manager=people["manager"], outcome=Verdict.BAD_PULL, category="duplicate")

    counts = earlier_verdicts_of(people["agent"], before=AndonPull.objects.get(pk=second.pk))

    assert (counts["bad_pull"], counts["rule_followed"], counts["categories"]) == (1, 0, {"duplicate": 1})
