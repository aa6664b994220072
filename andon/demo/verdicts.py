"""The verdict chapter of the demo: a few weeks of team pulls judged by their managers.

Told after the story's pulls, through the services, with the clock travelled to each step (the
story's `_at`). Each team pulls a few times a week; the back office finishes the work orders; the
team's manager gives the verdict a day or two later (give_verdict). One week one team breaches
the 2% target (BREACH); the last few days' pulls wait for their verdict (the queue's backlog);
last weeks' verdicts are sampled for a second opinion and mostly answered.
"""

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from andon.pulls.models import AndonPull, BadPullCategory, Verdict
from andon.pulls.services import pull_andon
from andon.verdicts.services import answer_second_opinion, give_verdict, sample_verdicts_for_second_opinion
from andon.work_orders.models import WorkOrder
from flywheel.models import ListingState, Product
from members.models import Team, TeamMembership


from .data import AWAITING_WITHIN_DAYS, BAD_PULL_NOTES, BREACH, PULLS_PER_TEAM_WEEK, VERDICT_NOTES, VERDICT_WEEKS

if TYPE_CHECKING:
    from .story import DemoStory

PRODUCT_CODES = ("damaged-in-transit", "not-as-described", "missing-part", "wrong-item")
REASONS = [
    "Same fault from two customers this week: stop it until it is checked.",
    "Two customers, same lot, same problem.",
    "Customers report the same defect; holding the stock.",
]


class VerdictHistory:
    def __init__(self, story: "DemoStory"):
        self.story = story
        self.rng = story.rng
        self.people = story.people
        self.now = story.now
        self.teams = {team.code: team for team in Team.objects.select_related("manager")}

    def tell(self) -> None:
        self._judge_the_storys_pulls()
        products = self._products()
        for weeks_back in range(VERDICT_WEEKS, -1, -1):
            for code, per_week in PULLS_PER_TEAM_WEEK.items():
                bad = BREACH[2] if (code, weeks_back) == BREACH[:2] else 0
                for index in range(per_week):
                    if not products:
                        return
                    self._pull_and_judge(code, weeks_back, index, per_week, bad=index < bad, product=products.pop())
        self._second_opinions()

    # -- whom, when

    def _monday(self, weeks_back: int) -> datetime:
        today = timezone.localdate(self.now)
        monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks_back)
        return datetime.combine(monday, time(9, 0), tzinfo=timezone.get_default_timezone())

    def _agents_of(self, team: Team, day: date) -> list:
        rows = TeamMembership.objects.filter(team=team, started_on__lte=day).exclude(ended_on__lte=day).select_related("user")
        return [row.user for row in rows.order_by("user__username")]

    def _products(self) -> list[Product]:
        """Listed products no story pull has touched, in a fixed random order."""
        ids = list(
            Product.objects.filter(listing_state=ListingState.LISTED, supplier__vendor_manager__isnull=False)
            .exclude(pulls__isnull=False).exclude(pk__in=self.story.used_products).order_by("pk").values_list("pk", flat=True)[:400]
        )
        ids = self.rng.sample(ids, min(len(ids), sum(PULLS_PER_TEAM_WEEK.values()) * (VERDICT_WEEKS + 1)))
        return list(Product.objects.select_related("supplier__vendor_manager").filter(pk__in=ids).order_by("pk"))

    # -- the pulls

    def _pull_and_judge(self, code: str, weeks_back: int, index: int, per_week: int, *, bad: bool, product: Product) -> None:
        team = self.teams[code]
        at = self._monday(weeks_back) + timedelta(days=(5 * index) // per_week, hours=self.rng.uniform(0, 8))
        if at >= self.now - timedelta(hours=2):
            return
        agents = self._agents_of(team, at.date())
        if not agents:
            return
        agent = agents[index % len(agents)]
        with self.story._at(at):
            pull = pull_andon(
                agent=agent, target=product, issue_code=self.story.codes[self.rng.choice(PRODUCT_CODES)],
                reason=self.rng.choice(REASONS),
            ).pull
        pull = AndonPull.objects.select_related("product__supplier").get(pk=pull.pk)
        recent = at > self.now - timedelta(days=AWAITING_WITHIN_DAYS)
        judged_at = min(at + timedelta(hours=self.rng.uniform(6, 40)), self.now - timedelta(minutes=30))
        if bad and not recent:
            # The warehouse looked first and found nothing; the manager calls it a bad pull, which
            # cancels the rest and brings the product back at once.
            self._work(pull, WorkOrder.Kind.WAREHOUSE, outcome=WorkOrder.Outcome.NO_DEFECT, at=at + timedelta(hours=2), confirm=False)
            category, note_en, _note_zh = BAD_PULL_NOTES[weeks_back % len(BAD_PULL_NOTES)]
            with self.story._at(judged_at):
                give_verdict(pull=pull, manager=team.manager, outcome=Verdict.BAD_PULL, category=BadPullCategory(category), note=note_en)
            return
        back = at + timedelta(hours=self.rng.uniform(8, 30))
        if back >= self.now:
            return  # still off sale: an open pull awaiting its work orders and its verdict
        self._work(pull, WorkOrder.Kind.WAREHOUSE, outcome=WorkOrder.Outcome.UNITS_FIXED, at=at + timedelta(hours=1))
        self._work(pull, WorkOrder.Kind.SUPPLIER, outcome=WorkOrder.Outcome.UNITS_FIXED, at=back)
        if recent or judged_at < back:
            judged_at = back + timedelta(hours=4)
        if recent or judged_at >= self.now:
            return  # awaiting a verdict: the backlog
        with self.story._at(judged_at):
            give_verdict(pull=pull, manager=team.manager, outcome=Verdict.RULE_FOLLOWED, note=self.rng.choice(VERDICT_NOTES)[0])

    def _work(self, pull: AndonPull, kind: str, *, outcome: str, at: datetime, confirm: bool = True) -> None:
        self.story._start(pull, kind, at=at - timedelta(minutes=40))
        self.story._resolve(pull, kind, outcome=outcome, notes="Checked every unit on hand.", at=at - timedelta(minutes=10))
        if confirm:
            self.story._confirm(pull, kind, at=at)

    # -- the story's own pulls, and the second opinions

    def _judge_the_storys_pulls(self) -> None:
        """The story's finished pulls get their team manager's verdict (rule followed); open ones wait."""
        for pull in AndonPull.objects.filter(state__in=[AndonPull.State.RESOLVED, AndonPull.State.CLOSED], verdict="").order_by("pulled_at"):
            manager = pull.team_manager or self.teams["cs-south"].manager
            if manager.pk == pull.pulled_by_id:
                continue
            at = min((pull.relisted_at or pull.retired_at or pull.pulled_at) + timedelta(hours=3), self.now - timedelta(minutes=30))
            with self.story._at(at):
                give_verdict(pull=pull, manager=manager, outcome=Verdict.RULE_FOLLOWED, note=VERDICT_NOTES[2][0])

    def _second_opinions(self) -> None:
        """Last weeks' samples, asked on their Mondays; all answered but last week's, one in disagreement."""
        for weeks_back in range(VERDICT_WEEKS, 0, -1):
            monday = self._monday(weeks_back - 1)
            iso_year, iso_week, _day = (monday.date() - timedelta(days=7)).isocalendar()
            with self.story._at(monday + timedelta(hours=1)):
                opinions = sample_verdicts_for_second_opinion(iso_year=iso_year, iso_week=iso_week)
            if weeks_back == 1:
                continue  # last week's wait for their answers
            for index, opinion in enumerate(opinions):
                agrees = not (weeks_back == 2 and index == 0)
                with self.story._at(monday + timedelta(days=1, hours=index)):
                    answer_second_opinion(
                        opinion=opinion, reviewer=opinion.reviewer, agrees=agrees,
                        note="" if agrees else "The rule was met: two customers, two different orders.",
                    )



