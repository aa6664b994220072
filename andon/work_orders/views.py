"""The back office's pages: department queues of work orders, a work order's page, and root-cause reviews.

Every change goes through one service, which decides who may make it (the owning department,
quality for confirmations, managers for cancellations, the review's owner or a manager for a
review). A refusal is a message on the page, never a server error. The buttons drawn are the
ones the services would accept from the viewer, but hiding a button is a courtesy, not the guard.
"""

from functools import partial
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from flywheel.errors import DomainError
from members.access import role_required, safe_next, staff_required

from andon.pulls.models import AndonPull
from andon.reviews import selectors as review_selectors
from andon.reviews.policy import MINIMUM_WHYS

from . import selectors
from .forms import AttachmentForm, CancelForm, FollowUpForm, QueueFilterForm, ResolveForm, SendBackForm, SupplierAnswerForm
from .models import Department, WorkOrder, WorkOrderAttachment
from .policy import (
    BACK_OFFICE_ROLES,
    departments_of,
    may_cancel,
    may_confirm_now,
    may_follow_up_shipped,
    may_send_back_now,
    may_start_now,
    may_work_on,
)
from .services import (
    MAX_ATTACHMENT_BYTES,
    attach_to_work_order,
    cancel_work_order,
    confirm_work_order,
    follow_up_shipped_orders,
    record_supplier_answer,
    resolve_work_order,
    send_back_work_order,
    start_work_order,
)

QUEUE_PAGE_SIZE = 50
DONE_MESSAGES = {
    "start": gettext_lazy("%(work_order)s is in progress."),
    "resolve": gettext_lazy("%(work_order)s is resolved; quality confirms it next."),
    "confirm": gettext_lazy("%(work_order)s is confirmed and closed."),
    "cancel": gettext_lazy("%(work_order)s is cancelled."),
    "send_back": gettext_lazy("%(work_order)s is back with its department, in progress; they have been told why."),
}
# How the timeline names what happened, from the audit rows' actions.
TIMELINE_ACTIONS = {
    "open": gettext_lazy("opened"),
    "start": gettext_lazy("started"),
    "resolve": gettext_lazy("resolved"),
    "confirm": gettext_lazy("confirmed"),
    "close": gettext_lazy("closed"),
    "cancel": gettext_lazy("cancelled"),
    "attach": gettext_lazy("evidence attached"),
    "escalate_1": gettext_lazy("overdue: escalated to the department lead"),
    "escalate_2": gettext_lazy("overdue: escalated to the executives"),
    "send_back": gettext_lazy("sent back to the department by quality"),
    "escalate_confirm_1": gettext_lazy("confirmation overdue: escalated to quality's lead"),
    "escalate_confirm_2": gettext_lazy("confirmation overdue: escalated to the executives"),
    "follow_up_shipped": gettext_lazy("customers with shipped orders told"),
}


# The department queues: the back office and the managers above it; a signed-out visitor signs in.
back_office_required = role_required(
    *BACK_OFFICE_ROLES,
    denied=gettext_lazy(
        "The work-order queues are for the back office: vendor and partner managers, warehouse, quality and managers."
    ),
)


# --- The department queue --------------------------------------------------------------------


@back_office_required
@require_GET
def queue(request):
    filters = QueueFilterForm(request.GET or None)
    chosen = filters.filters()
    now = timezone.now()
    work_orders = selectors.work_order_queue(user=request.user, now=now, **chosen)
    page = Paginator(work_orders, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "work/queue.html",
        {
            "filters": filters,
            "tab": chosen["tab"],
            "kind": chosen["kind"],
            "tabs": [(name, label, name == chosen["tab"]) for name, label in QueueFilterForm.TAB_LABELS.items()],
            "departments": [label for value, label in Department.choices if value in departments_of(request.user)],
            "page": page,
            "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
            "rows": selectors.queue_rows(page.object_list, user=request.user, now=now),
            # Beside the work orders: the reviews the user owns and their overdue corrective actions.
            "review_queue": review_selectors.review_queue(user=request.user, now=now),
            "minimum_whys": MINIMUM_WHYS,
        },
    )


# --- A work order ------------------------------------------------------------------------------


def _work_order_or_404(pk: int) -> WorkOrder:
    # Every staff role may read every work order (the andon is everyone's business); the services
    # decide who may change one.
    work_order = selectors.work_order_for_page(pk=pk)
    if work_order is None:
        raise Http404(_("No work order with this number."))
    return work_order


def _render_work_order(
    request, work_order: WorkOrder, *, resolve_form=None, cancel_form=None, send_back_form=None, follow_up_form=None, status: int = 200
):
    user, now = request.user, timezone.now()
    pull = work_order.pull
    active = work_order.state in WorkOrder.ACTIVE
    can_act = may_work_on(user, work_order)
    lots = selectors.lots_of_pulled_product(work_order) if work_order.kind == WorkOrder.Kind.WAREHOUSE else []
    complained_lots = selectors.complained_lot_ids(pull) if lots else set()
    can_resolve = can_act and work_order.state == WorkOrder.State.IN_PROGRESS
    warehouse = work_order.kind == WorkOrder.Kind.WAREHOUSE
    followed_up = selectors.customers_followed_up(work_order) if warehouse else []
    return render(
        request,
        "work/work_order.html",
        {
            "work_order": work_order,
            "pull": pull,
            "overdue": work_order.is_overdue(now),
            "time_left": selectors.time_left_text(work_order.clock_due_at, now) if active else "",
            "supports": selectors.pull_supports(pull),
            "complaint_links": selectors.pull_complaint_links(pull),
            "timeline": [(event, TIMELINE_ACTIONS.get(event.action, event.action)) for event in selectors.work_order_timeline(work_order)],
            "held_orders": selectors.held_orders_of(work_order) if work_order.kind == WorkOrder.Kind.WAREHOUSE else [],
            "follow_up_orders": selectors.shipped_orders_for_follow_up(work_order),
            "follow_up_limit": selectors.FOLLOW_UP_LIMIT,
            "lots": lots,
            "complained_lots": complained_lots,
            "can_start": may_start_now(user, work_order),
            "can_resolve": can_resolve,
            "can_confirm": may_confirm_now(user, work_order),
            "can_cancel": may_cancel(user, work_order) and active,
            "can_send_back": may_send_back_now(user, work_order),
            "send_back_form": send_back_form or SendBackForm(),
            "returned_lots": selectors.returned_lots_of(work_order) if warehouse else [],
            "followed_up": followed_up,
            "told_customer_ids": {row.customer_id for row in followed_up},
            "follow_up_runs": selectors.follow_up_runs(work_order) if warehouse else [],
            "can_follow_up": may_follow_up_shipped(user, work_order),
            "follow_up_form": follow_up_form or FollowUpForm(),
            "can_attach": can_act and active,
            "resolve_form": resolve_form or (
                ResolveForm(work_order=work_order, lots=lots, complained_lot_ids=complained_lots) if can_resolve else None
            ),
            "cancel_form": cancel_form or CancelForm(),
            "answers": _supplier_answers_context(request, work_order) if work_order.kind == WorkOrder.Kind.SUPPLIER else None,
            "attachments": list(work_order.attachments.select_related("uploaded_by")),
            "attachment_form": AttachmentForm(),
            "attachment_limit": MAX_ATTACHMENT_BYTES,
            "review": review_selectors.review_of(pull),
            "sibling_work_orders": list(pull.work_orders.exclude(pk=work_order.pk).order_by("pk")),
        },
        status=status,
    )


def _supplier_answers_context(request, work_order: WorkOrder, *, result: str = "", error: str = "", failed=None) -> dict:
    """Every complaint point of the pull beside the supplier's answer to it, unanswered ones marked."""
    answers = {answer.complaint_id: answer for answer in work_order.supplier_answers.select_related("recorded_by")}
    points = [(complaint, answers.get(complaint.pk)) for complaint in selectors.pull_complaints(work_order.pull)]
    return {
        "points": points,
        "unanswered": [complaint for complaint, answer in points if answer is None],
        "can_answer": work_order.state in WorkOrder.ACTIVE and may_work_on(request.user, work_order),
        "result": result,
        "error": error,
        "failed": failed,  # (complaint id, the text sent) when a refusal must not lose what was typed
    }


@staff_required
@require_GET
def work_order_detail(request, pk: int):
    return _render_work_order(request, _work_order_or_404(pk))


@staff_required
@require_POST
def work_order_transition(request, pk: int, verb: str):
    work_order = _work_order_or_404(pk)
    back = safe_next(request, reverse("work:work-order", args=[work_order.pk]))
    actor = request.user
    if verb == "start":
        return _transition(request, back, verb, lambda: start_work_order(work_order=work_order, actor=actor))
    if verb == "confirm":
        return _transition(request, back, verb, lambda: confirm_work_order(work_order=work_order, actor=actor))
    if verb == "resolve":
        lots = selectors.lots_of_pulled_product(work_order) if work_order.kind == WorkOrder.Kind.WAREHOUSE else []
        form = ResolveForm(request.POST, work_order=work_order, lots=lots)
        if not form.is_valid():
            return _render_work_order(request, work_order, resolve_form=form, status=400)
        data = form.cleaned_data
        return _transition(
            request, back, verb,
            lambda: resolve_work_order(
                work_order=work_order, actor=actor, outcome=data["outcome"], notes=data["notes"],
                returned_lot_ids=form.returned_lot_ids(),
            ),
            on_refusal=partial(_render_work_order, request, work_order, resolve_form=form),
        )
    if verb == "send-back":
        form = SendBackForm(request.POST)
        if not form.is_valid():
            return _render_work_order(request, work_order, send_back_form=form, status=400)
        return _transition(
            request, back, "send_back",
            lambda: send_back_work_order(work_order=work_order, actor=actor, reason=form.cleaned_data["reason"]),
            on_refusal=partial(_render_work_order, request, work_order, send_back_form=form),
        )
    if verb == "cancel":
        form = CancelForm(request.POST)
        if not form.is_valid():
            return _render_work_order(request, work_order, cancel_form=form, status=400)
        return _transition(
            request, back, verb,
            lambda: cancel_work_order(work_order=work_order, actor=actor, reason=form.cleaned_data["reason"]),
            on_refusal=partial(_render_work_order, request, work_order, cancel_form=form),
        )
    raise Http404(_("Work orders cannot do that."))


def _transition(request, back: str, verb: str, call, *, on_refusal=None) -> HttpResponse:
    """Run one service call; a refusal becomes a message (and the form again, where something was typed)."""
    try:
        work_order = call()
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return on_refusal(status=refusal.status_code) if on_refusal is not None else redirect(back)
    messages.success(request, DONE_MESSAGES[verb] % {"work_order": work_order})
    if verb in ("confirm", "cancel"):
        pull = AndonPull.objects.get(pk=work_order.pull_id)
        if pull.state != AndonPull.State.OPEN:
            messages.info(request, _back_message(pull))
    return redirect(back)


def _back_message(pull: AndonPull) -> str:
    if pull.retired_at is not None:
        return _("Every work order of pull #%(id)s is closed; %(target)s failed its inspection and stays off.") % {
            "id": pull.pk, "target": pull.target,
        }
    return _("Every work order of pull #%(id)s is closed: %(target)s is back.") % {"id": pull.pk, "target": pull.target}


@staff_required
@require_POST
def follow_up_shipped(request, pk: int):
    """Tell the customers whose orders had shipped (those not told yet), with an optional coupon."""
    work_order = _work_order_or_404(pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _render_work_order(request, work_order, follow_up_form=form, status=400)
    try:
        follow_up = follow_up_shipped_orders(work_order=work_order, actor=request.user, coupon_amount=form.cleaned_data["coupon_amount"])
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d customer told about the product they received.",
                "%(count)d customers told about the product they received.",
                follow_up.customers_told,
            ) % {"count": follow_up.customers_told},
        )
    return redirect(reverse("work:work-order", args=[work_order.pk]) + "#follow-up")


@staff_required
@require_POST
def supplier_answer(request, pk: int, complaint_pk: int):
    """One complaint point answered; htmx swaps the answers panel, a plain POST comes back to the page."""
    work_order = _work_order_or_404(pk)
    complaint = next((c for c in selectors.pull_complaints(work_order.pull) if c.pk == complaint_pk), None)
    if complaint is None:
        raise Http404(_("This complaint is not on the work order's pull."))
    form = SupplierAnswerForm(request.POST)
    result = error = ""
    if not form.is_valid():
        error = _("Write down what the supplier answered (at most 5000 characters).")
    else:
        try:
            record_supplier_answer(work_order=work_order, complaint=complaint, answer=form.cleaned_data["answer"], actor=request.user)
        except DomainError as refusal:
            error = refusal.message
        else:
            result = _("Answer to complaint #%(id)s recorded.") % {"id": complaint.pk}
    if request.htmx:
        failed = (complaint.pk, (request.POST.get("answer") or "")[:5000]) if error else None
        context = _supplier_answers_context(request, work_order, result=result, error=error, failed=failed)
        # 200 even for a refusal: htmx swaps only successful answers, and the message belongs in the panel.
        return render(request, "work/_supplier_answers.html", {"work_order": work_order, "answers": context})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, result)
    return redirect(reverse("work:work-order", args=[work_order.pk]) + "#supplier-answers")


@staff_required
@require_POST
def attachment_upload(request, pk: int):
    work_order = _work_order_or_404(pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            attach_to_work_order(
                work_order=work_order, actor=request.user, file=form.cleaned_data["file"], caption=form.cleaned_data["caption"]
            )
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Attached to %(work_order)s.") % {"work_order": work_order})
    return redirect(reverse("work:work-order", args=[work_order.pk]) + "#attachments")


@staff_required
@require_GET
def attachment_file(request, pk: int, attachment_pk: int):
    """Evidence is served to staff through this view, not from a public media address."""
    attachment = WorkOrderAttachment.objects.filter(pk=attachment_pk, work_order_id=pk).first()
    if attachment is None:
        raise Http404(_("No such attachment on this work order."))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this attachment is missing.")) from None
    return FileResponse(handle, filename=Path(attachment.file.name).name)
