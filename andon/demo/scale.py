"""`manage.py demo --scale ... --pulls N`: two years of andon history at benchmark volume.

Runs after the store (products, customers) is built. Every table is filled with plain batched
INSERTs (`insert_rows`, no model instance per row): teams with their managers and agents, then per
pull its complaints (one to three customers), the puller's support row, its two work orders, its
root-cause review, its verdict (PullVerdict and the pull's copy of it) and, when the rule was
followed, the puller's bonus accrual. Pulls are spread over 104 ISO weeks with a weekly volume
that wanders, and one team breaches the 2% target now and then, so every chart has a shape.

The last ten days stay in flight: verdicts awaiting (the backlog), reviews open, and the pulls of
the last three days open with active work orders on distinct products (taken off sale, as a real
pull leaves them); everything older is closed and relisted.

To grow the pulls table alone (the plan must stay index-driven at a million rows), see
`grow_pulls` and bench/README.md.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from andon.models import AndonPull, BonusEntry, PullSupport, PullVerdict, RootCauseReview, WorkOrder
from andon.pulls.models import BadPullCategory, Verdict
from flywheel.models import ListingState, Product
from members.models import Team, TeamMembership
from tickets.models import Complaint, IssueCode

from .builder import insert_rows

SEED = 20261129
WEEKS = 104
TEAMS = [("east", "East team", "东区组"), ("west", "West team", "西区组"), ("north", "North team", "北区组"),
         ("south", "South team", "南区组"), ("night", "Night shift", "夜班组"), ("vip", "VIP desk", "贵宾组")]
AGENTS_PER_TEAM = 12
IN_FLIGHT_DAYS = 10
OPEN_DAYS = 3
CHUNK = 20_000  # pulls built and written per round: memory stays flat at any volume


class PullHistory:
    def __init__(self, *, pulls: int, password_hash: str, progress=None, now=None):
        self.total = pulls
        self.rng = random.Random(SEED)
        self.now = now or timezone.now()
        self.password_hash = password_hash
        self.progress = progress or (lambda text: None)
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            self.empty_json = Jsonb({})
        else:
            self.empty_json = "{}"

    def build(self) -> dict[str, int]:
        self._people()
        self.products = list(Product.objects.values_list("pk", "supplier_id"))
        self.customers = list(get_user_model().objects.filter(groups__isnull=True, is_staff=False).values_list("pk", flat=True)[:20_000])
        self.issue_codes = list(IssueCode.objects.values_list("pk", flat=True))
        if not (self.products and self.customers and self.issue_codes):
            raise ValueError("The pull history needs products, customers and issue codes: build the store first.")
        self.first_pull_id = (AndonPull.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.open_targets: set[int] = set(
            AndonPull.objects.filter(state=AndonPull.State.OPEN, product__isnull=False).values_list("product_id", flat=True)
        )
        moments = self._moments()
        written = 0
        for start in range(0, len(moments), CHUNK):
            self._write(moments[start:start + CHUNK])
            written += len(moments[start:start + CHUNK])
            self.progress(f"pull history: {written:,} of {self.total:,} pulls")
        if self.open_targets:
            Product.objects.filter(pk__in=self.open_targets).update(listing_state=ListingState.UNDER_REVIEW)
        return {"pulls": written}

    # -- who pulls

    def _people(self) -> None:
        User = get_user_model()
        agent_group, manager_group = Group.objects.get(name="agent"), Group.objects.get(name="manager")
        started = (self.now - timedelta(weeks=WEEKS + 2)).date()
        self.teams = []
        for code, name, name_zh in TEAMS:
            code = f"scale-{code}"
            team = Team.objects.filter(code=code).first()
            if team is None:
                manager = User.objects.create(username=f"{code}-manager", password=self.password_hash, is_staff=True)
                manager.groups.add(manager_group)
                team = Team.objects.create(code=code, name=name, name_zh=name_zh, manager=manager, cost_centre=f"CC-{code.upper()}")
                agents = User.objects.bulk_create([
                    User(username=f"{code}-agent-{n}", password=self.password_hash) for n in range(AGENTS_PER_TEAM)
                ])
                agent_group.user_set.add(*agents)
                TeamMembership.objects.bulk_create([TeamMembership(team=team, user=agent, started_on=started) for agent in agents])
            agents = list(TeamMembership.objects.filter(team=team).values_list("user_id", flat=True))
            self.teams.append((team.pk, team.manager_id, agents))

    def _moments(self) -> list:
        """Pull times over 104 weeks, oldest first, each with its team: a wandering weekly volume."""
        weights = []
        level = 1.0
        for _week in range(WEEKS):
            level = min(1.6, max(0.5, level * self.rng.uniform(0.9, 1.1)))
            weights.append(level)
        scale = self.total / sum(weights)
        counts = [int(weight * scale) for weight in weights]
        counts[-1] += self.total - sum(counts)
        start = self.now - timedelta(weeks=WEEKS)
        moments = []
        for week, count in enumerate(counts):
            for _n in range(count):
                at = start + timedelta(weeks=week, seconds=self.rng.uniform(0, 7 * 86400))
                moments.append((min(at, self.now - timedelta(minutes=5)), self.rng.randrange(len(self.teams)), week))
        moments.sort(key=lambda item: item[0])
        return moments

    # -- one chunk

    def _write(self, moments: list) -> None:
        rng = self.rng
        pulls, supports, complaints, work_orders, reviews, verdicts, bonuses = [], [], [], [], [], [], []
        next_id = self.first_pull_id
        for at, team_index, week in moments:
            team_id, manager_id, agents = self.teams[team_index]
            agent = agents[rng.randrange(len(agents))]
            age = self.now - at
            in_flight = age < timedelta(days=IN_FLIGHT_DAYS)
            product, supplier = self.products[rng.randrange(len(self.products))]
            state = AndonPull.State.CLOSED
            if age < timedelta(days=OPEN_DAYS) and product not in self.open_targets:
                state = AndonPull.State.OPEN
                self.open_targets.add(product)
            judged = not in_flight or rng.random() < 0.4
            # A team that breaches now and then: team 0 in every sixth week.
            bad_share = 0.05 if team_index == 0 and week % 6 == 0 else 0.012
            bad = judged and rng.random() < bad_share
            verdict = "" if not judged else (Verdict.BAD_PULL if bad else Verdict.RULE_FOLLOWED)
            relisted = None if state == AndonPull.State.OPEN else at + timedelta(hours=rng.uniform(2, 96))
            issue = self.issue_codes[rng.randrange(len(self.issue_codes))]
            pull_id = next_id
            next_id += 1
            pulls.append({
                "id": pull_id, "target_kind": "product", "target_key": f"product:{product}", "product_id": product,
                "state": state, "reason": "Same defect reported by several customers", "issue_code_id": issue,
                "pulled_by_id": agent, "pulled_at": at, "rule_met": rng.random() < 0.85, "rule_snapshot": self.empty_json,
                "gmv_at_stake": Decimal(rng.randrange(500, 200_000)) / 100, "stopped_target": True,
                "relisted_at": relisted, "retired_at": None, "closed_at": None if state == AndonPull.State.OPEN else relisted,
                "team_id": team_id, "team_manager_id": manager_id, "verdict": verdict,
                "verdict_category": BadPullCategory.RULE_MISUNDERSTOOD if bad else "",
                "verdict_at": at + timedelta(hours=rng.uniform(1, 48)) if judged else None,
                # The figures the services keep on the pull: the one support and the accrual below.
                "support_count": 1, "bonus_total": Decimal("50.00") if judged and not bad else Decimal("0.00"),
            })
            for n in range(rng.choice((1, 2, 2, 3))):
                complaints.append({
                    "customer_id": self.customers[rng.randrange(len(self.customers))], "product_id": product, "issue_code_id": issue,
                    "text": "The same defect again.", "channel": "phone", "state": "closed", "taken_by_id": agent,
                    "created_at": at - timedelta(hours=n * 5 + 1),
                })
            supports.append({"pull_id": pull_id, "agent_id": agent, "reason": "Same defect", "at": at})
            for kind, department, hours in (("supplier", "supplier_management", 48), ("warehouse", "warehouse", 24)):
                active = state == AndonPull.State.OPEN
                work_orders.append({
                    "pull_id": pull_id, "kind": kind, "department": department,
                    "state": ("in_progress" if active else ("cancelled" if bad else "closed")),
                    "outcome": "" if active or bad else "units_fixed", "notes": "", "opened_at": at,
                    "due_at": at + timedelta(hours=hours), "resolved_at": relisted, "closed_at": relisted,
                    "escalation_level": 0, "cancel_reason": "Bad pull" if bad and not active else "",
                })
            reviews.append({
                "pull_id": pull_id, "state": "open" if in_flight else "complete", "cause_category": "" if in_flight else "supplier_quality",
                "root_cause": "" if in_flight else "Lot inspection skipped at inbound", "opened_at": at,
                "completed_at": None if in_flight else at + timedelta(days=3),
            })
            if judged:
                verdicts.append({
                    "pull_id": pull_id, "outcome": verdict, "category": BadPullCategory.RULE_MISUNDERSTOOD if bad else "",
                    "note": "", "given_by_id": manager_id, "given_at": pulls[-1]["verdict_at"], "correction_reason": "", "current": True,
                })
                if not bad:
                    bonuses.append({
                        "agent_id": agent, "pull_id": pull_id, "kind": "accrual", "amount": Decimal("50.00"),
                        "state": "accrued", "created_at": pulls[-1]["verdict_at"],
                    })
        self.first_pull_id = next_id
        insert_rows(AndonPull, pulls)
        for model, rows in ((Complaint, complaints), (PullSupport, supports), (WorkOrder, work_orders),
                            (RootCauseReview, reviews), (PullVerdict, verdicts), (BonusEntry, bonuses)):
            insert_rows(model, rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # ids were given explicitly: move the sequence past them
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [AndonPull._meta.db_table, next_id - 1])


def grow_pulls(*, to: int, progress=None) -> int:
    """Copy existing pulls (closed ones, a week earlier each round) until the table holds `to` rows.

    Only the pulls table grows, as the issue asks: to show the report's plan stays index-driven
    at a million pulls. One INSERT ... SELECT per round, in the database (PostgreSQL). The copies
    have no supports and no bonus entries, so their kept counts are zero.
    """
    progress = progress or (lambda text: None)
    table = connection.ops.quote_name(AndonPull._meta.db_table)
    columns = [f.column for f in AndonPull._meta.concrete_fields if f.column != "id"]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    shifted = ", ".join(
        f"{connection.ops.quote_name(c)} - interval '104 weeks'" if c in {"pulled_at", "relisted_at", "closed_at", "verdict_at"}
        else ("'closed'" if c == "state" else ("0" if c in {"support_count", "bonus_total"} else connection.ops.quote_name(c)))
        for c in columns
    )
    with connection.cursor() as cursor:
        while True:
            cursor.execute(f"SELECT count(*) FROM {table}")
            count = cursor.fetchone()[0]
            if count >= to:
                return count
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {shifted} FROM {table} ORDER BY id LIMIT %s", [to - count])
            progress(f"pulls: {count + cursor.rowcount:,}")
