"""Work orders: the pain of a pull pushed to the back office that caused it.

A pull opens its work orders and its root-cause review in its own transaction. The target comes
back only when every work order is finished, in the transaction that finishes the last one.
"""

from datetime import timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from flywheel.errors import Conflict, DomainError
from flywheel.models import Lot, Product
from flywheel.text import require_readable
from flywheel.outbox.services import send_after_commit
from flywheel.services import apply_transition, block_lots, record_audit, relist, retire, return_lots, unblock_lots
from members.cart.services import issue_coupon
from members.models import Order, Profile
from members.orders.services import hold_orders_containing, reallocate_or_refund, release_held_orders
from tickets.models import Process

from andon.pulls import jobs as pull_jobs
from andon.pulls.models import AndonPull
from andon.reviews.models import RootCauseReview

from . import jobs
from .models import (
    QUALITY_HOLDS,
    Department,
    DepartmentLead,
    FollowedUpCustomer,
    ShippedFollowUp,
    SupplierAnswer,
    WorkOrder,
    WorkOrderAttachment,
    overdue_now,
)
from .policy import department_owner, may_cancel, may_confirm, may_follow_up_shipped, may_send_back, may_work_on
from .selectors import FOLLOW_UP_STATUSES

Kind, Outcome = WorkOrder.Kind, WorkOrder.Outcome

# What each kind of target gets: (kind, owning department), in the order they are opened.
PLAN = {
    AndonPull.TargetKind.PRODUCT: [(Kind.SUPPLIER, Department.SUPPLIER_MANAGEMENT), (Kind.WAREHOUSE, Department.WAREHOUSE)],
    AndonPull.TargetKind.PARTNER: [(Kind.RECTIFICATION, Department.PARTNER_MANAGEMENT), (Kind.ACCEPTANCE, Department.QUALITY)],
    AndonPull.TargetKind.PROCESS: [(Kind.PROCESS, Department.PROCESS_OWNER)],
}

class NotYourDepartment(DomainError):
    status_code = 403


class NothingToTell(Conflict):
    """Every customer a follow-up would tell has been told already."""


def sla_for(kind: str) -> timedelta:
    return timedelta(hours=settings.WORK_ORDER_SLA_HOURS[kind])


def open_work_orders(*, pull: AndonPull, actor) -> list[WorkOrder]:
    """Open the pull's work orders and its root-cause review; called inside the pull's transaction."""
    now = timezone.now()
    work_orders = []
    for kind, department in PLAN[pull.target_kind]:
        work_order = WorkOrder.objects.create(
            pull=pull, kind=kind, department=department, assignee=department_owner(pull, department),
            opened_at=now, due_at=now + sla_for(kind),
        )
        record_audit(obj=work_order, action="open", actor=actor, to_state=work_order.state, note=pull.reason)
        if kind == Kind.WAREHOUSE:
            _hold_stock(work_order=work_order, actor=actor)
        work_orders.append(work_order)
    owner = department_owner(pull, PLAN[pull.target_kind][0][1])
    review = RootCauseReview.objects.create(pull=pull, owner=owner)
    record_audit(obj=review, action="open", actor=actor, to_state=review.state)
    for work_order in work_orders:
        send_after_commit(jobs.notify_work_order_opened, queue="notifications", work_order_id=work_order.pk)
    return work_orders


def _hold_stock(*, work_order: WorkOrder, actor) -> None:
    """Every unit of the product on hold: lots blocked, unshipped orders (packed ones too) stopped."""
    product = work_order.pull.product
    block_lots(product=product, actor=actor, note=f"WO-{work_order.pk}")

    def reason() -> str:  # asked once per customer language
        return _(
            "A quality check on %(title)s, which is in this order. It will not ship until the check is done."
        ) % {"title": product.display_title}

    work_order.held_orders.set(hold_orders_containing(product=product, reason=reason, actor=actor))


def _locked(work_order: WorkOrder) -> WorkOrder:
    # Lock the work order row only: PostgreSQL refuses FOR UPDATE on the nullable side of the outer
    # joins (a pull has a product, a partner or a process, never all three).
    return WorkOrder.objects.select_for_update(of=("self",)).select_related(
        "pull__product__supplier", "pull__partner", "pull__process"
    ).get(pk=work_order.pk)


def _require_department(user, work_order: WorkOrder) -> None:
    if not may_work_on(user, work_order):
        raise NotYourDepartment(
            _("Only %(department)s can change %(work_order)s.")
            % {"department": work_order.get_department_display(), "work_order": work_order}
        )


@transaction.atomic
def start_work_order(*, work_order: WorkOrder, actor) -> WorkOrder:
    work_order = _locked(work_order)
    _require_department(actor, work_order)
    if work_order.assignee_id is None:
        work_order.assignee = actor
    return apply_transition(obj=work_order, verb="start", field="state", actor=actor)


@transaction.atomic
def resolve_work_order(*, work_order: WorkOrder, actor, outcome: str, notes: str = "", returned_lot_ids=None) -> WorkOrder:
    """Record what was found and done; the work order then waits for quality (its clock is quality's).

    A warehouse "lot returned" records which lots (`returned_lot_ids`, default the lots complained
    about); nothing happens to the stock or the held orders yet: they are settled when quality
    confirms and the work order closes, so a resolution quality sends back has changed nothing.
    Raises DomainError for an outcome of another kind, unanswered supplier points or lots of another product.
    """
    notes = require_readable((notes or "").strip(), field=_("The notes"))
    work_order = _locked(work_order)
    _require_department(actor, work_order)
    allowed = WorkOrder.OUTCOMES_BY_KIND[work_order.kind]
    if outcome not in allowed:
        raise DomainError(
            _("Choose the outcome of %(work_order)s: %(choices)s.")
            % {"work_order": work_order, "choices": ", ".join(str(Outcome(o).label) for o in allowed)}
        )
    if work_order.kind == Kind.SUPPLIER:
        _require_supplier_answers(work_order)
    returned = []
    if work_order.kind == Kind.WAREHOUSE and outcome == Outcome.LOT_RETURNED:
        returned = _lots_to_return(work_order, returned_lot_ids)
    work_order.outcome, work_order.notes = outcome, (notes or work_order.notes)
    work_order.confirm_escalation_level = 0  # quality's clock starts now
    lots_note = f" [{', '.join(lot.code for lot in returned)}]" if returned else ""
    apply_transition(obj=work_order, verb="resolve", field="state", actor=actor, note=f"{outcome}{lots_note} {notes}".strip())
    if work_order.kind == Kind.WAREHOUSE:
        work_order.returned_lots.set(returned)
    return work_order


def _lots_to_return(work_order: WorkOrder, returned_lot_ids) -> list[Lot]:
    """The lots a "lot returned" names, checked to be the pulled product's: ids come from the page or the API."""
    product = work_order.pull.product
    returned = set(returned_lot_ids or _complained_lots(work_order.pull))
    if not returned:
        raise DomainError(_("Say which lots went back to the supplier."))
    # A lot of another product would otherwise be "returned" (nothing changes) while every real lot went back on sale.
    lots = list(product.lots.filter(pk__in=returned).order_by("pk"))
    foreign = sorted(returned - {lot.pk for lot in lots})
    if foreign:
        raise DomainError(
            _("Lots %(ids)s are not lots of %(title)s.") % {"ids": ", ".join(f"#{pk}" for pk in foreign), "title": product.display_title}
        )
    return lots


def _require_supplier_answers(work_order: WorkOrder) -> None:
    complaint_ids = set(work_order.pull.pull_complaints.values_list("complaint_id", flat=True))
    answered = set(work_order.supplier_answers.values_list("complaint_id", flat=True))
    missing = sorted(complaint_ids - answered)
    if missing:
        raise DomainError(
            _("The supplier's answer must address every complaint point; still unanswered: %(ids)s.")
            % {"ids": ", ".join(f"#{pk}" for pk in missing)}
        )


def _settle_held_stock(*, work_order: WorkOrder, actor) -> None:
    """At the warehouse work order's closure: "lot returned" sends the recorded lots back, serves the
    held orders from the other lots (or refunds them) and puts the other lots back on sale; any other
    outcome puts every lot back on sale and releases the held orders."""
    product, held = work_order.pull.product, list(work_order.held_orders.all())
    note = f"WO-{work_order.pk}"
    if work_order.outcome == Outcome.LOT_RETURNED:
        # Recorded at the resolution; a work order resolved before lots were recorded falls back to the complained ones.
        returned = set(work_order.returned_lots.values_list("pk", flat=True)) or _complained_lots(work_order.pull)
        return_lots(product=product, lot_ids=returned, actor=actor, note=note)
        unblock_lots(product=product, lot_ids=set(product.lots.values_list("pk", flat=True)) - returned, actor=actor, note=note)
        reallocate_or_refund(orders=held, product=product, returned_lot_ids=returned, actor=actor, note=note)
    else:
        unblock_lots(product=product, actor=actor, note=note)
        release_held_orders(orders=held, actor=actor, note=note)


def _complained_lots(pull: AndonPull) -> set[int]:
    return set(pull.pull_complaints.exclude(complaint__lot=None).values_list("complaint__lot_id", flat=True))


@transaction.atomic
def record_supplier_answer(*, work_order: WorkOrder, complaint, answer: str, actor) -> SupplierAnswer:
    """The supplier's written answer to one complaint point of the pull."""
    work_order = _locked(work_order)
    _require_department(actor, work_order)
    if work_order.kind != Kind.SUPPLIER:
        raise DomainError(_("Supplier answers belong on the supplier work order."))
    if not work_order.pull.pull_complaints.filter(complaint=complaint).exists():
        raise DomainError(_("Complaint #%(id)s is not on this pull.") % {"id": complaint.pk})
    answer = require_readable((answer or "").strip(), field=_("The supplier's answer"))
    if not answer:
        raise DomainError(_("Write down what the supplier answered."))
    record, created = SupplierAnswer.objects.update_or_create(
        work_order=work_order, complaint=complaint, defaults={"answer": answer, "recorded_by": actor}
    )
    record_audit(
        obj=record, action="record_answer" if created else "revise_answer", actor=actor,
        note=f"WO-{work_order.pk}, complaint #{complaint.pk}",
    )
    return record


@transaction.atomic
def confirm_work_order(*, work_order: WorkOrder, actor) -> WorkOrder:
    """The service side (quality) confirms the fix; the work order closes, and the last one relists the target.

    A warehouse work order's stock hold ends here, at its closure: held orders released, served from
    other lots or refunded, lots back on sale or (lot returned) sent back. Raises NotYourDepartment
    (403) for anyone but quality, IllegalTransition (409) unless the work order is resolved.
    """
    work_order = _locked(work_order)
    if not may_confirm(actor, work_order):
        raise NotYourDepartment(_("Only the quality team can confirm a resolved work order."))
    apply_transition(obj=work_order, verb="confirm", field="state", actor=actor)
    apply_transition(obj=work_order, verb="close", field="state", actor=actor)
    if work_order.kind == Kind.WAREHOUSE:
        # The product before its lots and orders: the order a pull and a checkout take them in.
        Product.objects.select_for_update().get(pk=work_order.pull.product_id)
        _settle_held_stock(work_order=work_order, actor=actor)
    finish_pull_if_done(pull=work_order.pull, actor=actor)
    return work_order


@transaction.atomic
def send_back_work_order(*, work_order: WorkOrder, actor, reason: str) -> WorkOrder:
    """Quality returns a resolved work order to its department (resolved -> in progress), saying why.

    The outcome and any lots named are cleared (the audit row keeps them); a warehouse work order
    keeps its held orders and blocked lots, which wait for the closure. The department's clock
    resumes where it stood at the resolution (`WorkOrder.send_back` says why) and the department is
    told through the outbox. Raises NotYourDepartment (403) for anyone but quality, DomainError (400)
    without a reason or with one over 300 characters, IllegalTransition (409) unless resolved.
    """
    work_order = _locked(work_order)
    if not may_send_back(actor, work_order):
        raise NotYourDepartment(_("Only the quality team can send a resolved work order back."))
    reason = require_readable(" ".join((reason or "").split()), field=_("The reason"), max_length=300)
    if not reason:
        raise DomainError(_("Say why the work order goes back to its department."))
    outcome_before = work_order.outcome
    work_order.send_back_reason = reason
    apply_transition(obj=work_order, verb="send_back", field="state", actor=actor, note=f"{reason} ({outcome_before})")
    work_order.returned_lots.clear()
    send_after_commit(
        jobs.notify_sent_back, queue="notifications", work_order_id=work_order.pk, sent_back_at=work_order.sent_back_at.isoformat()
    )
    return work_order


@transaction.atomic
def cancel_work_order(*, work_order: WorkOrder, actor, reason: str) -> WorkOrder:
    """A manager cancels a work order, saying why (a bad pull cancels them all, through its review)."""
    work_order = _locked(work_order)
    if not may_cancel(actor, work_order):
        raise NotYourDepartment(_("Only a manager can cancel a work order."))
    reason = require_readable(" ".join((reason or "").split()), field=_("The reason"), max_length=300)
    if not reason:
        raise DomainError(_("Say why the work order is cancelled."))
    _cancel_locked(work_order=work_order, actor=actor, reason=reason)
    finish_pull_if_done(pull=work_order.pull, actor=actor)
    return work_order


def _cancel_locked(*, work_order: WorkOrder, actor, reason: str) -> None:
    """Cancel a locked work order; a warehouse one gives its stock and held orders back (customers are told)."""
    work_order.cancel_reason = reason
    apply_transition(obj=work_order, verb="cancel", field="state", actor=actor, note=reason)
    if work_order.kind == Kind.WAREHOUSE:
        unblock_lots(product=work_order.pull.product, actor=actor, note=f"WO-{work_order.pk}")
        release_held_orders(orders=work_order.held_orders.all(), actor=actor, note=reason)


def lock_work_orders_of(pull: AndonPull) -> list[WorkOrder]:
    """Lock every work order of `pull`, by id: the first rows a verdict locks.

    Work orders, then the target, then the pull: the order cancel and confirm take them in, so a
    verdict racing a quality confirmation waits instead of deadlocking.
    """
    return list(
        WorkOrder.objects.select_for_update(of=("self",)).select_related(
            "pull__product__supplier", "pull__partner", "pull__process"
        ).filter(pull=pull).order_by("pk")
    )


def undo_bad_pull(*, pull: AndonPull, actor, reason: str) -> list[WorkOrder]:
    """Undo the harm of a bad pull at once, inside the verdict's transaction: cancel every active
    work order (the warehouse's gives back its blocked lots and held orders, whose customers are
    told), then, none being active any more, relist the target and resolve the pull.

    Called only by the verdict services, which have decided who may call a pull bad (a manager or
    an executive); so no department check here. The caller holds the work-order rows' locks
    (`lock_work_orders_of`). Returns the work orders cancelled; a pull no longer open is left alone.
    """
    if pull.state != AndonPull.State.OPEN:
        return []
    reason = " ".join((reason or "").split())[:300]
    cancelled = []
    for work_order in lock_work_orders_of(pull):
        if work_order.state in WorkOrder.ACTIVE:
            _cancel_locked(work_order=work_order, actor=actor, reason=reason)
            cancelled.append(work_order)
    finish_pull_if_done(pull=pull, actor=actor)
    return cancelled


def finish_pull_if_done(*, pull: AndonPull, actor) -> AndonPull:
    """When no work order of the pull is still active: bring the target back (or retire it) and resolve the pull.

    The target row is locked before the pull row, the order pull_andon takes them in: a "+1" holds
    the product and then adds its support to the pull, so locking the other way round deadlocks.
    """
    target = pull.target
    type(target).objects.select_for_update().get(pk=target.pk)
    pull = AndonPull.objects.select_for_update().get(pk=pull.pk)
    if pull.state != AndonPull.State.OPEN or pull.work_orders.filter(state__in=WorkOrder.ACTIVE).exists():
        return pull
    now = timezone.now()
    apply_transition(obj=pull, verb="resolve", field="state", actor=actor)
    failed = pull.work_orders.filter(kind=Kind.ACCEPTANCE, outcome=Outcome.INSPECTION_FAILED).exists()
    if failed:
        retire(listable=pull.target, actor=actor, note=_("Failed the acceptance inspection after pull #%(id)s.") % {"id": pull.pk})
        pull.retired_at = now
    elif not pull.stopped_target:
        pass  # the target was already off when pulled (a draft, say): it stays as it was
    elif pull.target_kind == AndonPull.TargetKind.PROCESS:
        _restart_process(pull.process, actor=actor, note=f"Pull #{pull.pk}")
        pull.relisted_at = now
    else:
        relist(listable=pull.target, actor=actor, note=_("Every work order of pull #%(id)s is closed.") % {"id": pull.pk})
        pull.relisted_at = now
    pull.save(update_fields=["relisted_at", "retired_at"])
    send_after_commit(pull_jobs.notify_target_back, queue="notifications", pull_id=pull.pk)
    close_pull_if_reviewed(pull=pull, actor=actor)
    return pull


def _restart_process(process: Process, *, actor, note: str) -> None:
    locked = Process.objects.select_for_update().get(pk=process.pk)
    if locked.lamp == Process.Lamp.RED:
        apply_transition(obj=locked, verb="restart", field="lamp", actor=actor, note=note)


def close_pull_if_reviewed(*, pull: AndonPull, actor) -> AndonPull:
    """A pull is closed when its target is back (or retired) and its root-cause review is complete."""
    review = RootCauseReview.objects.filter(pull=pull).first()
    if pull.state == AndonPull.State.RESOLVED and review is not None and review.state == RootCauseReview.State.COMPLETE:
        pull.closed_at = timezone.now()
        apply_transition(obj=pull, verb="close", field="state", actor=actor)
    return pull


def refuse_relist_while_pulled(listable) -> list[str]:
    """Relist guard: a target with an open pull comes back only through its closed work orders."""
    kind = "product" if listable._meta.model_name == "product" else "partner"
    pull = AndonPull.objects.filter(**{kind: listable}, state=AndonPull.State.OPEN).first()
    if pull is None:
        return []
    open_orders = pull.work_orders.filter(state__in=WorkOrder.ACTIVE).order_by("pk")
    names = ", ".join(f"WO-{wo.pk} ({wo.get_kind_display()}, {wo.get_state_display()})" for wo in open_orders)
    return [
        _("%(target)s is on andon pull #%(id)s and comes back only when its work orders are closed; still open: %(orders)s.")
        % {"target": listable, "id": pull.pk, "orders": names or _("none yet")}
    ]


@transaction.atomic
def name_department_lead(*, department: str, lead, actor, row: DepartmentLead | None = None) -> DepartmentLead:
    """Name who leads a department: the first to hear when one of its work orders is overdue.

    `row` is the department's existing lead row when the caller (the admin) already holds it;
    otherwise the department's row is found or made. The lead must hold the department's role.
    """
    row = row or DepartmentLead.objects.filter(department=department).first() or DepartmentLead()
    row.department, row.lead = department, lead
    row.full_clean()
    row.save()
    record_audit(obj=row, action="name_lead", actor=actor, note=f"{department}: {lead.get_username()}")
    return row


@transaction.atomic
def unname_department_lead(*, row: DepartmentLead, actor) -> None:
    """Remove a department's lead: its overdue work orders then reach everyone in the department."""
    record_audit(obj=row, action="unname_lead", actor=actor, note=f"{row.department}: {row.lead.get_username()}")
    row.delete()


@transaction.atomic
def escalate_overdue_work_orders(*, now=None) -> int:
    """Tell the holder of the work, then the executives, about overdue work orders; safe to run again.

    Each clock escalates on its own: the department's (`escalation_level`, kept while quality holds
    the work, so a work order sent back late is not announced twice) and quality's confirmation
    (`confirm_escalation_level`, started again by each resolution). Returns how many escalated now.
    """
    now = now or timezone.now()
    executive_after = timedelta(hours=settings.WORK_ORDER_ESCALATE_TO_EXECUTIVE_AFTER_HOURS)
    escalated = 0
    not_yet_told = Q(~Q(state__in=QUALITY_HOLDS), escalation_level__lt=2) | Q(state__in=QUALITY_HOLDS, confirm_escalation_level__lt=2)
    overdue = WorkOrder.objects.select_for_update().filter(overdue_now(now)).filter(not_yet_told)
    for work_order in overdue.order_by("pk"):
        quality = work_order.waits_for_quality
        level_field = "confirm_escalation_level" if quality else "escalation_level"
        told = getattr(work_order, level_field)
        level = 2 if now - work_order.clock_due_at >= executive_after else 1
        if level <= told:
            continue
        # A first run long after the due time still tells the holder before the executives.
        for step in range(told + 1, level + 1):
            if quality:
                record_audit(obj=work_order, action=f"escalate_confirm_{step}", from_state=work_order.state, to_state=work_order.state)
                send_after_commit(
                    jobs.notify_confirm_escalation, queue="notifications", work_order_id=work_order.pk, level=step,
                    resolved_at=work_order.resolved_at.isoformat(),
                )
            else:
                record_audit(obj=work_order, action=f"escalate_{step}", from_state=work_order.state, to_state=work_order.state)
                send_after_commit(jobs.notify_escalation, queue="notifications", work_order_id=work_order.pk, level=step)
        setattr(work_order, level_field, level)
        work_order.save(update_fields=[level_field])
        escalated += 1
    return escalated


# --- Shipped orders: the customers who already have the product ---------------------------------


@transaction.atomic
def follow_up_shipped_orders(*, work_order: WorkOrder, actor, coupon_amount: Decimal | None = None) -> ShippedFollowUp:
    """Tell every customer whose order with the pulled product had already shipped (or arrived), each
    in their language (the one they chose, else the one they last ordered in), optionally with an
    apology coupon of `coupon_amount` CNY (at most SHIPPED_FOLLOW_UP_COUPON_MAX).

    Idempotent per customer: one told before by this work order is not told (nor given a coupon)
    again; the work order's row lock makes two clicks at once run one after the other. Raises
    NotYourDepartment (403) for anyone but the warehouse or a manager, DomainError (400) for a bad
    amount, NothingToTell (409) when every such customer has been told.
    """
    work_order = _locked(work_order)
    if not may_follow_up_shipped(actor, work_order):
        raise NotYourDepartment(_("Only the warehouse or a manager can follow up shipped orders of a warehouse work order."))
    if coupon_amount is not None:
        ceiling = settings.SHIPPED_FOLLOW_UP_COUPON_MAX
        if not Decimal("0") < coupon_amount <= ceiling:
            raise DomainError(_("A follow-up coupon is worth more than ¥0 and at most ¥%(max)s.") % {"max": ceiling})
    already = set(work_order.followed_up_customers.values_list("customer_id", flat=True))
    shipped = (
        Order.objects.filter(status__in=FOLLOW_UP_STATUSES, lines__product_id=work_order.pull.product_id)
        .exclude(customer_id__in=already).distinct().order_by("customer_id", "-placed_at", "-id")
        .values_list("customer_id", "number", "language")
    )
    orders_of: dict[int, list[str]] = {}
    ordered_in: dict[int, str] = {}
    for customer_id, number, language in shipped:
        orders_of.setdefault(customer_id, []).append(number)
        ordered_in.setdefault(customer_id, language)  # the latest order's language
    if not orders_of:
        raise NothingToTell(
            _("Every customer whose order had shipped has been told already (%(count)d); nobody is told twice.") % {"count": len(already)}
        )
    chosen = dict(Profile.objects.filter(user_id__in=orders_of).values_list("user_id", "language"))
    follow_up = ShippedFollowUp.objects.create(
        work_order=work_order, sent_by=actor, customers_told=len(orders_of), coupon_amount=coupon_amount
    )
    customers = get_user_model().objects.in_bulk(list(orders_of))
    told = []
    for customer_id, numbers in orders_of.items():
        coupon = None
        if coupon_amount is not None:
            coupon = issue_coupon(
                customer=customers[customer_id], amount=coupon_amount, valid_days=settings.COUPON_VALID_DAYS,
                reason=f"WO-{work_order.pk}: {work_order.pull.product.sku}", actor=actor,
            )
        told.append(
            FollowedUpCustomer(
                follow_up=follow_up, work_order=work_order, customer_id=customer_id, coupon=coupon,
                order_numbers=", ".join(numbers)[:300], language=chosen.get(customer_id) or ordered_in[customer_id],
            )
        )
    FollowedUpCustomer.objects.bulk_create(told)
    coupon_note = f", coupon {coupon_amount} CNY each" if coupon_amount is not None else ", no coupon"
    record_audit(obj=work_order, action="follow_up_shipped", actor=actor, note=f"{len(told)} customers told{coupon_note}")
    send_after_commit(jobs.notify_shipped_customers, queue="notifications", follow_up_id=follow_up.pk)
    return follow_up


# --- Evidence: inspection photos, the supplier's written answer, as images or PDF ----------------

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Extension -> how the file must begin. The extension alone is whatever the uploader typed, so the
# first bytes are checked too: a script renamed to .pdf is refused.
ATTACHMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


def check_attachment(file) -> None:
    """Refuse files over 10 MB and anything that is not an image or a PDF (by extension and by content)."""
    if file.size > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            _("The file is %(size)s; attachments are limited to %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(MAX_ATTACHMENT_BYTES)}
        )
    signatures = ATTACHMENT_SIGNATURES.get(Path(file.name or "").suffix.lower())
    if signatures is None:
        raise DomainError(_("Attach a photo (JPEG, PNG, GIF, WebP) or a PDF."))
    file.seek(0)
    head = file.read(12)
    file.seek(0)
    webp = not head.startswith(b"RIFF") or head[8:12] == b"WEBP"
    if not any(head.startswith(signature) for signature in signatures) or not webp:
        raise DomainError(_("%(name)s is not the image or PDF its name says it is.") % {"name": Path(file.name).name})


@transaction.atomic
def attach_to_work_order(*, work_order: WorkOrder, actor, file, caption: str = "") -> WorkOrderAttachment:
    """Keep a piece of evidence on the work order; only its department adds to it, and only while it is open."""
    # Only the work order's row is locked: PostgreSQL refuses FOR UPDATE on the nullable target joins.
    work_order = WorkOrder.objects.select_for_update(of=("self",)).select_related(
        "pull__product__supplier", "pull__partner", "pull__process"
    ).get(pk=work_order.pk)
    if not may_work_on(actor, work_order):
        raise NotYourDepartment(
            _("Only %(department)s can add to %(work_order)s.")
            % {"department": work_order.get_department_display(), "work_order": work_order}
        )
    if work_order.state not in WorkOrder.ACTIVE:
        raise DomainError(_("%(work_order)s is finished; nothing more can be attached.") % {"work_order": work_order})
    check_attachment(file)
    caption = require_readable(" ".join((caption or "").split()), field=_("The caption"), max_length=200)
    # The row names the file now; the bytes reach storage only if this transaction commits, so a
    # rolled-back upload leaves no orphan file behind.
    attachment = WorkOrderAttachment(work_order=work_order, caption=caption, uploaded_by=actor)
    attachment.file.name = attachment.file.field.generate_filename(attachment, Path(file.name).name)
    attachment.file.name = attachment.file.storage.get_available_name(
        attachment.file.name, max_length=attachment.file.field.max_length
    )
    attachment.save()
    # The bytes are kept (10 MB at most): the upload's own file is closed when the request ends,
    # which may come before the outermost commit.
    file.seek(0)
    content = ContentFile(file.read())
    transaction.on_commit(partial(_store_attachment_file, attachment_pk=attachment.pk, name=attachment.file.name, content=content))
    record_audit(obj=work_order, action="attach", actor=actor, note=Path(attachment.file.name).name)
    return attachment


def _store_attachment_file(*, attachment_pk: int, name: str, content) -> None:
    """Write a committed attachment's bytes; if another upload took the name meanwhile, point the row at the new one."""
    stored = WorkOrderAttachment._meta.get_field("file").storage.save(name, content)
    if stored != name:
        WorkOrderAttachment.objects.filter(pk=attachment_pk).update(file=stored)
