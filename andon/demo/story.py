"""The andon's story in the demo store: a few hundred steps, each taken through the services.

Every invariant the services keep (a product off sale has an open pull with its work orders)
holds in the demo too. Each step runs with the clock travelled to its moment (time-machine), so
whatever the services stamp with timezone.now(), audit rows included, reads the story's time.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count

from andon.models import (
    AndonPull,
    AndonWarning,
    RootCauseReview,
    WorkOrder,
)
from andon.pulls.services import pull_andon, warn_owners
from andon.reviews.services import add_corrective_action, add_why, complete_review, set_root_cause
from andon.work_orders.services import (
    confirm_work_order,
    escalate_overdue_work_orders,
    record_supplier_answer,
    resolve_work_order,
    start_work_order,
)
from flywheel.errors import DomainError
from flywheel.models import AuditEvent, ListingState, Partner, Product
from members.models import Notification, Order, OrderLine
from tickets.factories import ProcessFactory
from tickets.models import Compensation, Complaint, IssueCode
from tickets.compensation.services import grant_compensation
from tickets.complaints.services import close_complaint, file_complaint, resolve_complaint
from tickets.conversation.services import reply_to_customer
from tickets.targets import target_key

from .frontline import tell_front_line
from .data import (
    BACKGROUND_CODES,
    CODES_BY_TOP,
    MEMBER_REPLY,
    PARTNER_SAID,
    PROCESS_SAID,
    PROCESSES,
    SAID,
    SEED,
    UNCUT_PAGES_SKU,
)

from .verdicts import VerdictHistory

if TYPE_CHECKING:
    from .builder import DemoBuilder

Status = Order.Status

SHIPPED_STATUSES = (Status.SHIPPED, Status.DELIVERED)
ARRIVES_WITHIN = timedelta(days=3)  # complaints about a parcel come after it has arrived
CANDIDATE_PRODUCTS = 400  # products the story looks at for its scenes
MAX_CANDIDATE_LINES = 60  # best-sellers sell every day: no quiet days to have been off sale
BACKGROUND_PRODUCT_COMPLAINTS = 36
STORY_LEEWAY_STEPS = (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6)


@dataclass(frozen=True)
class ReviewScript:
    """What a root-cause review has reached: its whys, and for a finished one its cause and actions."""

    whys: tuple[tuple[str, str], ...]
    cause: str = ""
    root_cause: str = ""
    actions: tuple[tuple[str, str, int], ...] = ()  # (what, owner's login, due in days from today)


@dataclass
class SalesFact:
    """A product the story may use, with every order line it sold (oldest first)."""

    product: Product
    top: str
    lines: list[tuple[int, int, datetime, str]]  # (line pk, customer pk, placed at, order status)


def speaks_chinese(user) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in f"{user.first_name}{user.last_name}")


def date_story_notifications() -> None:
    """Date the story's notifications when what they announce happened, not when the demo ran.

    Runs after the demo commits, once the inline jobs have sent them; with a Redis worker they
    arrive later and keep the time they were sent.
    """
    pulls = {pk: at for pk, at in AndonPull.objects.values_list("pk", "pulled_at")}
    backs = {pk: relisted or retired for pk, relisted, retired in AndonPull.objects.values_list("pk", "relisted_at", "retired_at")}
    work_orders = dict(WorkOrder.objects.values_list("pk", "opened_at"))
    warnings = dict(AndonWarning.objects.values_list("pk", "warned_at"))
    order_events = {
        (action, int(object_id)): at
        for action, object_id, at in AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Order, for_concrete_model=False), action__in=["hold", "release", "refund"]
        ).values_list("action", "object_id", "at").order_by("at")
    }
    when_by_kind = {
        "pull-opened": pulls.get, "target-back": backs.get, "work-order-opened": work_orders.get, "warning": warnings.get,
        "order-held": lambda pk: order_events.get(("hold", pk)),
        "order-released": lambda pk: order_events.get(("release", pk)),
        "order-refunded": lambda pk: order_events.get(("refund", pk)),
    }
    dated = []
    for note in Notification.objects.only("pk", "key"):
        kind, _sep, pk = note.key.rpartition(":")
        when = when_by_kind[kind](int(pk)) if kind in when_by_kind and pk.isdigit() else None
        if when is not None:
            note.created_at = when
            dated.append(note)
    Notification.objects.bulk_update(dated, ["created_at"], batch_size=1000)


def famous_complaint() -> Complaint | None:
    """The newest complaint about the Uncut Pages still waiting for its cord (the demo's first exercise)."""
    return (
        Complaint.objects.filter(product__sku=UNCUT_PAGES_SKU, issue_code__code="print-defect", product__pulls__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


class DemoStory:
    """The andon's last two months in the demo store, told through the services.

    Complaints are filed, pulls pulled, work orders worked and reviews written by the services, as
    the people in the story would have done. Each step runs with the clock travelled to when it
    happened (see _at), so every time the services stamp, audit rows included, is the story's;
    states are never touched except through the services.
    """

    def __init__(self, builder: "DemoBuilder"):
        self.now = builder.now
        self.rng = random.Random(SEED + 1)
        self.people = builder.logins
        self.agents = builder.agents
        self.customers = builder.customers
        self.codes = {code.code: code for code in IssueCode.objects.all()}
        self.used_products: set[int] = set()
        self.used_pairs: set[tuple[str, str]] = set()  # (target key, issue code) already complained about
        self.filed_at: dict[int, datetime] = {}

    def tell(self) -> None:
        self._index_sales()
        self._build_processes()
        self._past_pulls()
        self._open_pulls()
        self._uncut_pages()
        self._one_complaint_only()
        self._background()
        tell_front_line(self)
        VerdictHistory(self).tell()
        # What the cron would do on its first tick: escalate the work orders already overdue.
        escalate_overdue_work_orders()
        transaction.on_commit(date_story_notifications)  # registered last: runs after the jobs

    # -- time

    def _ago(self, **delta) -> datetime:
        return self.now - timedelta(**delta)

    @contextmanager
    def _at(self, when: datetime):
        """Whatever the services do inside the block happens at `when`: timezone.now() reads it.

        The clock stands still (tick=False) so one step's rows share one time, as one request's
        would. Audit rows, which nothing may update, get their time this way and no other.
        """
        with time_machine.travel(min(when, self.now), tick=False):
            yield

    def _between(self, earliest: datetime, latest: datetime) -> datetime:
        if latest <= earliest:
            return latest
        return earliest + (latest - earliest) * self.rng.random()

    # -- what sold, to whom

    def _index_sales(self) -> None:
        shipped = OrderLine.objects.filter(order__status__in=SHIPPED_STATUSES, product__listing_state=ListingState.LISTED)
        ids = list(
            shipped.exclude(product__sku=UNCUT_PAGES_SKU)
            .values("product_id")
            .annotate(count=Count("id"))
            .filter(count__lte=MAX_CANDIDATE_LINES)
            .order_by("product_id")
            .values_list("product_id", flat=True)
        )
        ids = self.rng.sample(ids, min(len(ids), CANDIDATE_PRODUCTS))
        products = Product.objects.select_related("category__parent", "supplier__vendor_manager").in_bulk(ids)
        lines: dict[int, list] = {pk: [] for pk in ids}
        for pk, product_id, customer_id, placed_at, status in (
            OrderLine.objects.filter(product_id__in=ids)
            .order_by("order__placed_at", "pk")
            .values_list("pk", "product_id", "order__customer_id", "order__placed_at", "order__status")
        ):
            lines[product_id].append((pk, customer_id, placed_at, status))
        self.facts = [
            SalesFact(products[pk], products[pk].category.parent.slug if products[pk].category.parent else "", lines[pk])
            for pk in ids
        ]

    def _one_line_per_customer(self, fact: SalesFact, *, before: datetime) -> list[tuple[int, int, datetime, str]]:
        lines = [line for line in fact.lines if line[3] in SHIPPED_STATUSES and line[2] <= before]
        self.rng.shuffle(lines)
        chosen = {}
        for line in lines:
            chosen.setdefault(line[1], line)
        return list(chosen.values())

    def _pick(
        self, *, at: datetime, customers: int, tops: tuple[str, ...] = (), off_sale: timedelta | None = None,
        leeway: timedelta = timedelta(0), nothing_to_hold: bool = False, packed_to_hold: bool = False,
        pulled: bool = True,
    ):
        """A product for a pull at about `at`, with delivered lines from `customers` customers before it.

        Nobody bought it while it was off sale (from the pull to its relisting, or to now for an
        open pull): the storefront would not have sold it. Returns (product, pulled at, lines).
        """
        facts = [fact for fact in self.facts if fact.top in tops] + [fact for fact in self.facts if fact.top not in tops]
        for wanted in sorted({customers, 1}, reverse=True):  # fewer customers (rule not met) only when nothing else fits
            for fact in facts:
                if fact.product.pk in self.used_products or fact.product.listing_state != ListingState.LISTED:
                    continue
                if nothing_to_hold and any(line[3] in Order.HOLDABLE for line in fact.lines):
                    continue
                for step in STORY_LEEWAY_STEPS if leeway else (0,):
                    start = min(at + leeway * step / 6, self.now - timedelta(minutes=5))
                    end = min(start + off_sale, self.now) if off_sale is not None else self.now
                    if pulled and any(start <= line[2] <= end for line in fact.lines):
                        continue
                    if packed_to_hold and not any(line[3] == Status.PACKED and line[2] < start for line in fact.lines):
                        continue
                    lines = self._one_line_per_customer(fact, before=start - ARRIVES_WITHIN - timedelta(hours=12))
                    if len(lines) >= wanted and (not pulled or self._leaves_every_status(fact)):
                        self.used_products.add(fact.product.pk)
                        return fact.product, start, lines[:customers]
        return None

    def _leaves_every_status(self, fact: SalesFact) -> bool:
        """Holding this product's orders leaves another order in each status it takes them out of."""
        held = {line[3] for line in fact.lines if line[3] in Order.HOLDABLE}
        return all(
            Order.objects.filter(status=status).exclude(lines__product=fact.product).exists() for status in sorted(held)
        )

    def _complaint_times(self, lines, *, before: datetime, within: timedelta) -> list[tuple[tuple, datetime]]:
        """When each customer complained: after the parcel arrived, within `within` before `before`."""
        timed = [
            (line, self._between(max(line[2] + ARRIVES_WITHIN, before - within), before - timedelta(minutes=20)))
            for line in lines
        ]
        return sorted(timed, key=lambda pair: pair[1])

    # -- steps, each at its own time

    def _channel(self) -> str:
        Channel = Complaint.Channel
        table = ((Channel.PHONE, 30), (Channel.CHAT, 25), (Channel.EMAIL, 15), (Channel.SELF_SERVICE, 20), (Channel.API, 10))
        return self.rng.choices([channel for channel, _w in table], weights=[weight for _c, weight in table])[0]

    def _file(
        self, *, code: str, at: datetime, said: tuple[str, str], line_pk: int | None = None, customer=None,
        partner=None, process=None, channel: str = "", agent=None,
    ) -> Complaint:
        order_line = OrderLine.objects.select_related("order__customer").get(pk=line_pk) if line_pk else None
        customer = order_line.order.customer if order_line else customer
        channel = channel or self._channel()
        taken_by = None if channel == Complaint.Channel.SELF_SERVICE else (agent or self.rng.choice(self.agents))
        with self._at(at):
            complaint = file_complaint(
                customer=customer, issue_code=self.codes[code], text=said[1] if speaks_chinese(customer) else said[0],
                channel=channel, order_line=order_line, partner=partner, process=process, taken_by=taken_by,
            )
        self.filed_at[complaint.pk] = at
        self.used_pairs.add((target_key(complaint.target), code))
        return complaint

    def _file_for_pull(self, timed_lines, *, code: str, said: list[tuple[str, str]]) -> list[Complaint]:
        return [
            self._file(code=code, at=at, said=said[index % len(said)], line_pk=line[0])
            for index, (line, at) in enumerate(timed_lines)
        ]

    def _pull(self, *, complaint: Complaint, agent, reason: str, at: datetime) -> AndonPull:
        with self._at(at):
            pull = pull_andon(agent=agent, reason=reason, complaint=complaint).pull
        return AndonPull.objects.get(pk=pull.pk)

    def _join(self, *, pull: AndonPull, complaint: Complaint, agent, reason: str, at: datetime) -> None:
        with self._at(at):
            pull_andon(agent=agent, reason=reason, complaint=complaint)

    def _work_order(self, pull: AndonPull, kind: str) -> WorkOrder:
        return pull.work_orders.get(kind=kind)

    def _department_actor(self, pull: AndonPull, kind: str):
        Kind = WorkOrder.Kind
        if kind == Kind.SUPPLIER:
            return pull.product.supplier.vendor_manager or self.people["vendor_manager"]
        return {
            Kind.WAREHOUSE: self.people["warehouse"], Kind.RECTIFICATION: self.people["partner_manager"],
            Kind.ACCEPTANCE: self.people["quality"], Kind.PROCESS: self.people["manager"],
        }[kind]

    def _start(self, pull: AndonPull, kind: str, *, at: datetime) -> None:
        with self._at(at):
            start_work_order(work_order=self._work_order(pull, kind), actor=self._department_actor(pull, kind))

    def _answer(self, pull: AndonPull, answer: str, *, at: datetime) -> None:
        """The supplier's answer to every complaint point on the pull, recorded by the vendor manager."""
        work_order = self._work_order(pull, WorkOrder.Kind.SUPPLIER)
        for link in pull.pull_complaints.select_related("complaint"):
            with self._at(at):
                record_supplier_answer(
                    work_order=work_order, complaint=link.complaint, answer=answer,
                    actor=self._department_actor(pull, WorkOrder.Kind.SUPPLIER),
                )

    def _resolve(self, pull: AndonPull, kind: str, *, outcome: str, notes: str, at: datetime) -> None:
        work_order = self._work_order(pull, kind)
        with self._at(at):
            resolve_work_order(work_order=work_order, actor=self._department_actor(pull, kind), outcome=outcome, notes=notes)

    def _confirm(self, pull: AndonPull, kind: str, *, at: datetime) -> None:
        """Quality confirms; the last confirmation brings the target back (or retires it) then."""
        work_order = self._work_order(pull, kind)
        with self._at(at):
            confirm_work_order(work_order=work_order, actor=self.people["quality"])

    def _review(self, pull: AndonPull, script: ReviewScript, *, completed_at: datetime | None = None) -> None:
        review = RootCauseReview.objects.get(pull=pull)
        author = review.owner or self.people["manager"]
        for question, answer in script.whys:
            add_why(review=review, actor=author, question=question, answer=answer)
        if script.cause:
            set_root_cause(review=review, actor=author, cause_category=script.cause, root_cause=script.root_cause)
        for description, owner, due_in_days in script.actions:
            add_corrective_action(
                review=review, actor=author, description=description, owner=self.people[owner],
                due_on=(self.now + timedelta(days=due_in_days)).date(),
            )
        if completed_at is not None:
            with self._at(completed_at):
                complete_review(review=review, actor=author)

    def _settle(self, complaint: Complaint, *, resolved_at: datetime, closed_at: datetime | None = None) -> None:
        actor = complaint.taken_by or self.people["agent"]
        if resolved_at >= self.now:
            return
        with self._at(resolved_at):
            resolve_complaint(complaint=complaint, actor=actor, note="Customer settled.")
        if closed_at is not None and closed_at < self.now:
            with self._at(closed_at):
                close_complaint(complaint=complaint, actor=actor)

    def _compensate(self, complaint: Complaint, *, kind: str, at: datetime, amount: Decimal | None = None, note: str = "") -> bool:
        """Grant within the agent's limit; False (nothing granted) when the services refuse."""
        agent = complaint.taken_by or self.people["agent"]
        try:
            with self._at(at):
                grant_compensation(complaint=complaint, agent=agent, kind=kind, amount=amount, note=note)
        except DomainError:
            return False
        return True

    def _warn(self, complaint: Complaint, *, agent, reason: str, at: datetime) -> None:
        with self._at(at):
            warn_owners(agent=agent, reason=reason, complaint=complaint)

    # -- reference data

    def _build_processes(self) -> None:
        self.processes = {
            code: ProcessFactory(code=code, name=name, name_zh=name_zh, kind=kind, owner=self.people["manager"])
            for code, name, name_zh, kind in PROCESSES
        }
        cutoff = (self.now - timedelta(days=150)).date()
        self.partners = list(
            Partner.objects.filter(listing_state=ListingState.LISTED, admitted_on__lte=cutoff).order_by("pk")
        )

    def _take_partner(self, kind: str) -> Partner | None:
        fitting = [partner for partner in self.partners if partner.kind == kind] or self.partners
        if not fitting:
            return None
        partner = fitting[0]
        self.partners.remove(partner)
        return partner

    def _partner_customers(self, count: int) -> list:
        return self.rng.sample(self.customers, min(count, len(self.customers)))

    # -- the pulls that ran their course

    def _past_pulls(self) -> None:
        self._past_product_pull(
            days_ago=52, days_off_sale=2.6, code="missing-part", tops=("electronics", "home"), customers=3,
            puller=self.people["agent"],
            said=[SAID["missing-part"][0], ("The accessory the page lists is not in the box.", "页面上列出的配件盒子里没有。")],
            reason="3 customers, same lot: a part is missing from the box. Stop until the lot is checked.",
            answer="Supplier confirms: the lot was packed on a new inner tray and the accessory was left out of about a third of the boxes.",
            supplier=(WorkOrder.Outcome.UNITS_FIXED, "Supplier sent the missing accessories; every box on hand completed and resealed."),
            warehouse=(WorkOrder.Outcome.UNITS_FIXED, "Opened every box on hand; the ones without the accessory were set aside until the parts came."),
            script=ReviewScript(
                whys=(
                    ("Why did customers get boxes without the accessory?", "The supplier's new inner tray has no slot for it, and packers skipped it."),
                    ("Why did the supplier change the tray?", "To cut packaging cost; the change was not announced to us."),
                    ("Why did our inbound check not see it?", "Inbound weighs cartons; the tolerance is larger than the accessory weighs."),
                    ("Why is the tolerance that wide?", "It was set once for the old, heavier packaging and never revisited."),
                    ("Why was it never revisited?", "A supplier's packaging change does not trigger any review of our inbound checks."),
                ),
                cause=RootCauseReview.CauseCategory.PACKAGING,
                root_cause="A supplier's packaging change does not trigger a review of our inbound check parameters.",
                actions=(
                    ("Add packaging changes to the supplier change notice, with a re-check of inbound weights.", "vendor_manager", 25),
                    ("Set per-SKU weight tolerances below the lightest accessory in the box.", "warehouse", 40),
                ),
            ),
            review_days=9,
        )
        self._past_partner_pull(
            days_ago=45, days_off_sale=8.2, passed=False, code="counterfeit", puller=self.agents[1],
            said=[
                ("My new screen is not original: the colours are wrong and touch fails at the edges.", "新换的屏幕不是原装的：颜色发灰，边缘触摸失灵。"),
                ("They charged for an original part and fitted a copy.", "收了原装配件的钱，换上的却是仿制品。"),
            ],
            reason="Non-original screens fitted, 3 customers in a month - hide the shop until it is re-inspected.",
            rectified="The shop returned its screen stock to an unlicensed wholesaler and re-fitted 9 customers' phones.",
            inspected="Inspection found copy screens again in the back room: failed.",
            script=ReviewScript(
                whys=(
                    ("Why did customers get copy screens?", "The shop bought screens from an unlicensed wholesaler to cut cost."),
                    ("Why could it do that unseen?", "The agreement requires original parts, but nobody checks parts after admission."),
                    ("Why are there no checks after admission?", "Admission is a one-time on-site inspection; there is no recurring audit."),
                    ("Why only once?", "The admission criteria were written for fast growth into new cities."),
                    ("Why did growth win over checks?", "The partner team's target counts shops admitted, not shops that stay good."),
                ),
                cause=RootCauseReview.CauseCategory.PROCESS_DESIGN,
                root_cause="Admission checks a shop once and rewards the number admitted, not their quality over time.",
                actions=(
                    ("Quarterly unannounced parts audit for every repair shop.", "partner_manager", 30),
                    ("Change the partner team's target to the share of shops passing audits.", "executive", 60),
                ),
            ),
            review_days=14, days_before=(20, 8, 2),
        )
        self._past_product_pull(
            days_ago=38, days_off_sale=4.2, code="print-defect", tops=("books",), customers=2,
            puller=self.agents[2],
            said=[
                ("Pages 65 to 80 are bound in twice and 81 to 96 are missing.", "第65到80页装订了两遍，第81到96页却没有。"),
                ("The book is bound out of order after page 64.", "第64页之后的页码顺序全乱了。"),
            ],
            reason="Two customers, same lot: signatures bound out of order. Stop sale, check the lot.",
            answer="Publisher confirms: the bindery collated one signature twice on the night shift; the whole lot is affected.",
            supplier=(WorkOrder.Outcome.LOT_REJECTED, "Whole lot rejected; the publisher reprints and replaces it."),
            warehouse=(WorkOrder.Outcome.LOT_RETURNED, "Complained lot returned to the publisher; other lots checked page by page and released."),
            script=ReviewScript(
                whys=(
                    ("Why were books bound out of order?", "The bindery collated one signature twice during a night shift."),
                    ("Why did the bindery not catch it?", "Its collation check was switched off to keep up with a rush order."),
                    ("Why did the publisher accept the lot?", "The publisher samples one copy per pallet, by weight only."),
                    ("Why did we accept it on arrival?", "We take books on the publisher's certificate without opening a copy."),
                    ("Why no sample of our own?", "Books are treated as low-risk; our inbound checks only count cartons."),
                ),
                cause=RootCauseReview.CauseCategory.SUPPLIER_QUALITY,
                root_cause="Books are inbound as low-risk: no sample of our own, so a bindery error passes on the publisher's word.",
                actions=(
                    ("Open and flip through two copies of every inbound book lot.", "quality", -17),  # overdue
                    ("Publisher agreement: collation check on for every run, with the check log sent with the lot.", "vendor_manager", 20),
                ),
            ),
            review_days=10,
            refund_first=True,
        )
        self._past_partner_pull(
            days_ago=31, days_off_sale=6.5, passed=True, code="rude-service", puller=self.people["agent"],
            said=[
                ("The installer was rude to my parents and left without testing anything.", "安装师傅对我父母很不礼貌，什么都没测试就走了。"),
                ("He shouted at me on the phone and came three hours late.", "他在电话里对我吼，还晚到了三个小时。"),
            ],
            reason="Two families, same installer team: rude and left without testing. Pause the partner.",
            rectified="The team was retrained on customer visits; the worst offender no longer visits customers.",
            inspected="Three accompanied visits by quality: polite, on time, tested every installation. Passed.",
            script=ReviewScript(
                whys=(
                    ("Why were customers treated rudely?", "One team lead was rushing through eight visits a day."),
                    ("Why eight visits a day?", "The partner is paid per installation with no quality measure."),
                    ("Why no quality measure?", "Our partner scorecard has only volume and on-time rate."),
                    ("Why only those two?", "They were the numbers available when the scorecard was designed."),
                    ("Why was the scorecard never extended?", "Nobody owns the partner scorecard after launch."),
                ),
                cause=RootCauseReview.CauseCategory.TRAINING,
                root_cause="The partner scorecard has no customer-treatment measure and no owner to add one.",
                actions=(("Add a post-visit customer rating to the partner scorecard, and name its owner.", "partner_manager", 35),),
            ),
            review_days=8, days_before=(9, 2),
        )
        self._past_product_pull(
            days_ago=24, days_off_sale=1.8, code="damaged-in-transit", tops=("home", "food"), customers=2,
            puller=self.agents[1],
            said=[SAID["damaged-in-transit"][0], SAID["damaged-in-transit"][2]],
            reason="Arrives broken - two customers in a week, both shipped in bags. Stop and repack.",
            answer="Supplier checked retained samples: no defect at the factory; the damage happened in transit.",
            supplier=(WorkOrder.Outcome.NO_DEFECT, "No defect at the source."),
            warehouse=(WorkOrder.Outcome.UNITS_FIXED, "Every unit repacked in a box with corner protection."),
            script=ReviewScript(
                whys=(
                    ("Why did items arrive broken?", "They were shipped in padded bags, not boxes."),
                    ("Why in bags?", "The packing station picks packaging by size, and this item fits a bag."),
                    ("Why by size only?", "Packing rules have no fragile flag per product."),
                    ("Why no fragile flag?", "Supplier product data has no such field, and we never added one."),
                    ("Why was it never added?", "Breakage complaints were settled by refunds and never reached the warehouse."),
                ),
                cause=RootCauseReview.CauseCategory.WAREHOUSE_HANDLING,
                root_cause="Packing rules choose packaging by size alone; fragile products are not flagged, and breakage never reaches the warehouse.",
                actions=(
                    ("Add a fragile flag to products and a box-only packing rule for it.", "warehouse", 15),
                    ("Send a monthly breakage report from complaints to the warehouse lead.", "manager", 30),
                ),
            ),
            review_days=6,
        )

    def _past_product_pull(
        self, *, days_ago: float, days_off_sale: float, code: str, tops, customers: int, puller, said, reason: str,
        answer: str, supplier: tuple[str, str], warehouse: tuple[str, str], script: ReviewScript, review_days: float,
        refund_first: bool = False,
    ) -> None:
        picked = self._pick(
            at=self._ago(days=days_ago), customers=customers, tops=tops, off_sale=timedelta(days=days_off_sale),
            leeway=timedelta(days=4), nothing_to_hold=True,
        )
        if picked is None:
            return
        product, pulled_at, lines = picked
        complaints = self._file_for_pull(self._complaint_times(lines, before=pulled_at, within=timedelta(days=12)), code=code, said=said)
        pull = self._pull(complaint=complaints[-1], agent=puller, reason=reason, at=pulled_at)
        for complaint in complaints[:-1]:
            self._join(pull=pull, complaint=complaint, agent=puller, reason=reason, at=pulled_at)
        back = pulled_at + timedelta(days=days_off_sale)
        if refund_first:
            self._compensate(complaints[0], kind=Compensation.Kind.REFUND, at=self.filed_at[complaints[0].pk] + timedelta(minutes=12))
        self._start(pull, WorkOrder.Kind.WAREHOUSE, at=pulled_at + timedelta(hours=1))
        self._start(pull, WorkOrder.Kind.SUPPLIER, at=pulled_at + timedelta(hours=3))
        self._resolve(pull, WorkOrder.Kind.WAREHOUSE, outcome=warehouse[0], notes=warehouse[1], at=pulled_at + (back - pulled_at) * 0.3)
        self._confirm(pull, WorkOrder.Kind.WAREHOUSE, at=pulled_at + (back - pulled_at) * 0.35)
        self._answer(pull, answer, at=pulled_at + (back - pulled_at) * 0.5)
        self._resolve(pull, WorkOrder.Kind.SUPPLIER, outcome=supplier[0], notes=supplier[1], at=pulled_at + (back - pulled_at) * 0.8)
        self._confirm(pull, WorkOrder.Kind.SUPPLIER, at=back)
        for complaint in complaints:
            self._settle(complaint, resolved_at=back + timedelta(hours=2), closed_at=back + timedelta(days=1))
        self._review(pull, script, completed_at=back + timedelta(days=review_days))

    def _past_partner_pull(
        self, *, days_ago: float, days_off_sale: float, passed: bool, code: str, puller, said, reason: str,
        rectified: str, inspected: str, script: ReviewScript, review_days: float, days_before: tuple[float, ...],
    ) -> None:
        partner = self._take_partner(Partner.Kind.REPAIR_SHOP if code == "counterfeit" else Partner.Kind.INSTALLER)
        if partner is None:
            return
        pulled_at = self._ago(days=days_ago)
        complaints = [
            self._file(
                code=code, at=pulled_at - timedelta(days=offset), said=said[index % len(said)], customer=customer,
                partner=partner,
            )
            for index, (offset, customer) in enumerate(zip(days_before, self._partner_customers(len(days_before))))
        ]
        pull = self._pull(complaint=complaints[-1], agent=puller, reason=reason, at=pulled_at)
        for complaint in complaints[:-1]:
            self._join(pull=pull, complaint=complaint, agent=puller, reason=reason, at=pulled_at)
        Kind, Outcome = WorkOrder.Kind, WorkOrder.Outcome
        back = pulled_at + timedelta(days=days_off_sale)
        self._start(pull, Kind.RECTIFICATION, at=pulled_at + timedelta(hours=12))
        self._resolve(pull, Kind.RECTIFICATION, outcome=Outcome.RECTIFIED, notes=rectified, at=pulled_at + (back - pulled_at) * 0.6)
        self._confirm(pull, Kind.RECTIFICATION, at=pulled_at + (back - pulled_at) * 0.65)
        self._start(pull, Kind.ACCEPTANCE, at=pulled_at + (back - pulled_at) * 0.7)
        outcome = Outcome.INSPECTION_PASSED if passed else Outcome.INSPECTION_FAILED
        self._resolve(pull, Kind.ACCEPTANCE, outcome=outcome, notes=inspected, at=pulled_at + (back - pulled_at) * 0.95)
        self._confirm(pull, Kind.ACCEPTANCE, at=back)
        for complaint in complaints:
            self._settle(complaint, resolved_at=back + timedelta(hours=3), closed_at=back + timedelta(days=2))
        self._review(pull, script, completed_at=back + timedelta(days=review_days))

    # -- the pulls still open, one at each stage

    def _open_pulls(self) -> None:
        self._partner_in_rectification()
        self._supplier_resolved_awaiting_quality()
        self._warehouse_holding_orders()
        self._process_stopped()
        self._just_pulled()

    def _partner_in_rectification(self) -> None:
        partner = self._take_partner(Partner.Kind.REPAIR_SHOP)
        if partner is None:
            return
        pulled_at = self._ago(days=8, hours=3)
        said = [
            ("Quoted 300 CNY, charged 620, and replaced a battery that was fine.", "报价300元，最后收了620元，还换了一块好好的电池。"),
            ("They replaced parts I did not ask for and charged me for all of them.", "没经我同意就换了配件，还全部收费。"),
        ]
        complaints = [
            self._file(
                code="not-as-described", at=pulled_at - timedelta(days=offset), said=said[index], customer=customer,
                partner=partner,
            )
            for index, (offset, customer) in enumerate(zip((6, 1), self._partner_customers(2)))
        ]
        pull = self._pull(
            complaint=complaints[-1], agent=self.agents[2], at=pulled_at,
            reason="Charged twice the quote and replaced parts that were fine - two customers. Hide the shop.",
        )
        self._join(
            pull=pull, complaint=complaints[0], agent=self.agents[2], reason="Same shop, same story.",
            at=pulled_at + timedelta(minutes=4),
        )
        self._start(pull, WorkOrder.Kind.RECTIFICATION, at=pulled_at + timedelta(hours=20))
        self._review(pull, ReviewScript(whys=(
            ("Why were customers charged more than quoted?", "The shop quotes by phone and re-prices at the counter."),
            ("Why can it re-price at the counter?", "Our app shows no binding quote, so there is nothing to hold the shop to."),
        )))

    def _supplier_resolved_awaiting_quality(self) -> None:
        picked = self._pick(at=self._ago(days=3, hours=5), customers=3, tops=("electronics",), leeway=timedelta(hours=16))
        if picked is None:
            return
        product, pulled_at, lines = picked
        timed = self._complaint_times(lines, before=pulled_at, within=timedelta(days=3))
        said = [SAID["wrong-item"][1], SAID["wrong-item"][0]]
        complaints = self._file_for_pull(timed[:2], code="wrong-item", said=said)
        pull = self._pull(
            complaint=complaints[-1], agent=self.people["agent"], at=pulled_at,
            reason="Wrong variant in the box, two customers - labels swapped on a lot? Stop and check.",
        )
        self._join(
            pull=pull, complaint=complaints[0], agent=self.people["agent"], reason="First report, same lot.",
            at=pulled_at + timedelta(minutes=2),
        )
        if len(lines) > 2:  # a third customer calls after the pull: the agent adds it (+1)
            late = self._file(code="wrong-item", at=pulled_at + timedelta(hours=9), said=said[0], line_pk=timed[2][0][0])
            self._join(
                pull=pull, complaint=late, agent=self.agents[2], reason="+1: a third customer, same wrong variant.",
                at=pulled_at + timedelta(hours=9, minutes=30),
            )
        self._start(pull, WorkOrder.Kind.WAREHOUSE, at=pulled_at + timedelta(hours=1, minutes=30))
        self._start(pull, WorkOrder.Kind.SUPPLIER, at=pulled_at + timedelta(hours=3))
        self._resolve(
            pull, WorkOrder.Kind.WAREHOUSE, outcome=WorkOrder.Outcome.UNITS_FIXED, at=pulled_at + timedelta(hours=20),
            notes="Checked every unit on hand: one lot had swapped labels; relabelled and released.",
        )
        self._confirm(pull, WorkOrder.Kind.WAREHOUSE, at=pulled_at + timedelta(days=1, hours=2))
        self._answer(
            pull, "Supplier confirms two variants ran on one packing line the same day and a roll of labels was swapped.",
            at=pulled_at + timedelta(days=2),
        )
        self._resolve(
            pull, WorkOrder.Kind.SUPPLIER, outcome=WorkOrder.Outcome.UNITS_FIXED, at=self._ago(hours=11),
            notes="Supplier relabelled its stock, added a label scan at packing, and sent the scan log.",
        )
        self._review(pull, ReviewScript(whys=(
            ("Why did customers get the wrong variant?", "A lot's boxes carried the label of the other variant."),
            ("Why were the labels swapped?", "Two variants were packed on one line the same day, with one roll of labels each."),
            ("Why did nothing check the label against the product?", "The supplier's line has no scan between product and label."),
        )))

    def _warehouse_holding_orders(self) -> None:
        picked = self._pick(
            at=self._ago(hours=14), customers=2, tops=("electronics", "food"), leeway=timedelta(hours=6), packed_to_hold=True,
        ) or self._pick(at=self._ago(hours=14), customers=2, leeway=timedelta(hours=6))
        if picked is None:
            return
        product, pulled_at, lines = picked
        complaints = self._file_for_pull(
            self._complaint_times(lines, before=pulled_at, within=timedelta(days=2)), code="counterfeit",
            said=[SAID["counterfeit"][0], SAID["counterfeit"][2]],
        )
        pull = self._pull(
            complaint=complaints[-1], agent=self.agents[2], at=pulled_at,
            reason="Two customers think it is fake: no batch code, anti-counterfeit code fails. Hold every unit.",
        )
        for complaint in complaints[:-1]:
            self._join(pull=pull, complaint=complaint, agent=self.agents[2], reason="Same suspicion, same lot.", at=pulled_at + timedelta(minutes=3))
        self._start(pull, WorkOrder.Kind.WAREHOUSE, at=pulled_at + timedelta(minutes=40))
        self._start(pull, WorkOrder.Kind.SUPPLIER, at=pulled_at + timedelta(hours=2))

    def _process_stopped(self) -> None:
        process = self.processes["returns-refund-approval"]
        pulled_at = self._ago(hours=6, minutes=10)
        said = [
            ("The returns desk refused my refund three times without looking at my photos.", "退货窗口三次拒绝退款，根本没看我上传的照片。"),
            ("I was told my refund 'needs approval' for eleven days, then it was refused without a reason.", "退款说要“审批”，等了十一天，最后无缘无故被拒。"),
            ("The returns desk hung up on me when I asked who approves refunds.", "我问谁来审批退款，退货窗口直接挂了电话。"),
        ]
        complaints = [
            self._file(
                code="rude-service", at=pulled_at - timedelta(days=offset), said=said[index], customer=customer,
                process=process,
            )
            for index, (offset, customer) in enumerate(zip((9, 3, 0.2), self._partner_customers(3)))
        ]
        pull = self._pull(
            complaint=complaints[-1], agent=self.people["agent"], at=pulled_at,
            reason="Refunds refused without looking at the evidence - 3 customers. Stop the approval step and fix it.",
        )
        for complaint in complaints[:-1]:
            self._join(pull=pull, complaint=complaint, agent=self.people["agent"], reason="Same approval step.", at=pulled_at + timedelta(minutes=5))

    def _just_pulled(self) -> None:
        picked = self._pick(at=self._ago(minutes=25), customers=2, tops=("home",), leeway=timedelta(minutes=6))
        if picked is None:
            return
        product, pulled_at, lines = picked
        complaints = self._file_for_pull(
            self._complaint_times(lines, before=pulled_at, within=timedelta(days=1, hours=12)), code="not-as-described",
            said=[SAID["not-as-described"][1], SAID["not-as-described"][0]],
        )
        pull = self._pull(
            complaint=complaints[-1], agent=self.agents[1], at=pulled_at,
            reason="Two customers in two days: not what the page says. Off sale until the supplier answers.",
        )
        for complaint in complaints[:-1]:
            self._join(pull=pull, complaint=complaint, agent=self.agents[1], reason="Same problem.", at=pulled_at + timedelta(minutes=1))

    # -- the famous pull, not yet pulled; and a complaint that is alone

    def _uncut_pages(self) -> None:
        """Two customers, same book, same defect: the rule is met and the cord is left for the demo's user."""
        book = Product.objects.filter(sku=UNCUT_PAGES_SKU).first()
        if book is None:
            return
        lines = list(
            OrderLine.objects.filter(product=book, order__status__in=SHIPPED_STATUSES, order__placed_at__lte=self._ago(days=4))
            .exclude(order__customer=self.people["member"])
            .order_by("order__placed_at", "pk")
            .values_list("pk", "order__customer_id")[:500]
        )
        by_customer = {}
        for pk, customer_id in lines:
            by_customer.setdefault(customer_id, pk)
        chosen = self.rng.sample(sorted(by_customer.values()), min(2, len(by_customer)))
        said = [
            ("Pages 100-101 are uncut: they are still joined at the top edge and I had to cut them with a knife.", "第100-101页没有裁开，顶边还连在一起，我只好自己用刀裁开。"),
            ("Pages 100 and 101 were never cut apart. Is the whole print run like this?", "第100页和第101页根本没有裁开。是整批书都这样吗？"),
        ]
        times = [self._ago(days=1, hours=14), self._ago(hours=3, minutes=20)]
        channels = [Complaint.Channel.PHONE, Complaint.Channel.SELF_SERVICE]
        for index, line_pk in enumerate(chosen):
            complaint = self._file(
                code="print-defect", at=times[index], said=said[index], line_pk=line_pk, channel=channels[index], agent=self.agents[1],
            )
            if index == 0:
                self._compensate(
                    complaint, kind=Compensation.Kind.COUPON, amount=Decimal("5.00"), at=times[index] + timedelta(minutes=8),
                    note="Sorry about the uncut pages: 5 CNY off anything.",
                )
        self.used_products.add(book.pk)

    def _one_complaint_only(self) -> None:
        """One customer, one book: the rule is not met; the agent warns the owners and keeps it on sale."""
        picked = self._pick(at=self._ago(hours=30), customers=1, tops=("books",), pulled=False)
        if picked is None:
            return
        _product, at, lines = picked
        complaint = self._file(
            code="print-defect", at=at, line_pk=lines[0][0], channel=Complaint.Channel.CHAT, agent=self.people["agent"],
            said=("Pages 33 to 48 are printed upside down.", "第33到48页印倒了。"),
        )
        self._compensate(complaint, kind=Compensation.Kind.COUPON, amount=Decimal("5.00"), at=at + timedelta(minutes=6))
        self._warn(
            complaint, agent=self.people["agent"], at=at + timedelta(minutes=9),
            reason="A whole signature printed upside down: could be the print run. Still on sale; watching for a second report.",
        )

    # -- a month of complaints nobody needed to pull for

    def _background(self) -> None:
        rng, start = self.rng, self._ago(days=30)
        codes = [code for code, _weight in BACKGROUND_CODES]
        weights = [weight for _code, weight in BACKGROUND_CODES]
        wanted = codes + rng.choices(codes, weights=weights, k=BACKGROUND_PRODUCT_COMPLAINTS - len(codes))
        candidates = [fact for fact in self.facts if fact.product.pk not in self.used_products]
        filed = []
        member_line = (
            OrderLine.objects.filter(
                order__customer=self.people["member"], order__status=Status.DELIVERED, order__placed_at__gte=self._ago(days=25)
            )
            .exclude(product_id__in=self.used_products)
            .order_by("pk")
            .values_list("pk", "product_id", "order__placed_at")
            .first()
        )
        if member_line is not None:  # the `member` login has reported a problem on one of its orders
            at = self._between(member_line[2] + ARRIVES_WITHIN, self.now - timedelta(hours=2))
            reported = self._file(
                code="damaged-in-transit", at=at, said=SAID["damaged-in-transit"][1], line_pk=member_line[0],
                channel=Complaint.Channel.SELF_SERVICE,
            )
            filed.append(reported)
            # ...and customer service answered it: "My reports" and the order page show the reply.
            with self._at(at + timedelta(hours=1)):
                reply_to_customer(
                    complaint=reported, author=self.people["agent"],
                    body=MEMBER_REPLY[1] if speaks_chinese(reported.customer) else MEMBER_REPLY[0],
                )
        for code in wanted:
            rng.shuffle(candidates)
            for fact in candidates:
                key = (f"product:{fact.product.pk}", code)
                if code not in CODES_BY_TOP.get(fact.top, ()) or key in self.used_pairs:
                    continue
                statuses = (Status.SHIPPED,) if code == "late-delivery" else SHIPPED_STATUSES
                arrives = timedelta(days=1) if code == "late-delivery" else ARRIVES_WITHIN
                lines = [
                    line for line in fact.lines
                    if line[3] in statuses and line[2] + arrives < self.now - timedelta(hours=1) and line[2] > start - timedelta(days=30)
                ]
                if not lines:
                    continue
                line = rng.choice(lines)
                at = self._between(max(line[2] + arrives, start), self.now - timedelta(minutes=30))
                filed.append(self._file(code=code, at=at, said=rng.choice(SAID[code]), line_pk=line[0]))
                break
        for code, en, zh in PARTNER_SAID:
            if self.partners:
                partner = self.partners.pop(rng.randrange(len(self.partners)))
                filed.append(self._file(
                    code=code, at=self._between(start, self.now), said=(en, zh), customer=rng.choice(self.customers), partner=partner,
                ))
        for process_code, code, en, zh in PROCESS_SAID:
            filed.append(self._file(
                code=code, at=self._between(start, self.now), said=(en, zh), customer=rng.choice(self.customers),
                process=self.processes[process_code],
            ))
        self._settle_background(filed)
        self._compensate_background(filed)

    def _settle_background(self, complaints: list[Complaint]) -> None:
        for complaint in complaints:
            filed = self.filed_at[complaint.pk]
            if self.now - filed < timedelta(days=4) or self.rng.random() < 0.25:
                continue  # still in the queue
            resolved = filed + timedelta(hours=self.rng.uniform(1, 48))
            closed = resolved + timedelta(days=self.rng.uniform(1, 3)) if self.rng.random() < 0.5 else None
            self._settle(complaint, resolved_at=resolved, closed_at=closed)

    def _compensate_background(self, complaints: list[Complaint]) -> None:
        """A few grants of each kind: coupons for waiting, a refund, a replacement for a broken item."""
        by_code: dict[str, list[Complaint]] = {}
        for complaint in sorted(complaints, key=lambda c: self.filed_at[c.pk], reverse=True):
            by_code.setdefault(complaint.issue_code.code, []).append(complaint)
        for complaint in by_code.get("late-delivery", [])[:2]:
            self._compensate(
                complaint, kind=Compensation.Kind.COUPON, amount=Decimal("5.00"), at=self.filed_at[complaint.pk] + timedelta(minutes=7),
                note="Sorry for the wait.",
            )
        for complaint in by_code.get("not-as-described", []):
            if complaint.order_line_id and self._compensate(
                complaint, kind=Compensation.Kind.REFUND, at=self.filed_at[complaint.pk] + timedelta(minutes=15),
                amount=min(complaint.order_line.line_total, Decimal("120.00")), note="Refund for an item not as described.",
            ):
                break
        for complaint in by_code.get("damaged-in-transit", []):
            if complaint.order_line_id and self._compensate(
                complaint, kind=Compensation.Kind.REPLACEMENT, at=self.filed_at[complaint.pk] + timedelta(minutes=10),
                note="Free replacement, boxed this time.",
            ):
                break
        warned = next(iter(by_code.get("missing-part", []) or by_code.get("not-as-described", [])), None)
        if warned is not None:
            self._warn(
                warned, agent=self.agents[1], at=self.filed_at[warned.pk] + timedelta(minutes=20),
                reason="First report, but it sounds like the whole lot: please check before a second customer calls.",
            )
