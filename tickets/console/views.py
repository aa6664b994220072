"""The agent console: the complaint queue, a complaint's page, filing, settling and closing complaints.

Every page is for the customer-service roles only. Refusals from the services (an illegal
transition, a compensation limit) become a message on the page, never a server error. The andon
panel on these pages belongs to the andon app, which sits above this one: andon registers it in
`tickets.panels` and the templates draw whatever is registered, so nothing here imports andon.
"""

from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from flywheel.errors import DomainError
from flywheel.models import Product
from members.access import safe_next, send_to_sign_in
from members.catalog.selectors import with_stock

from ..compensation.models import Compensation
from ..compensation.policy import approver_for, daily_compensation_limit, may_read_approvals
from ..compensation.selectors import (
    compensations_of, left_today, pending_requests_for, recently_decided_by, requests_addressed_to, requests_of,
)
from ..compensation.services import CompensationLimitReached, approve_request, ask_for_approval, decline_request, grant_compensation
from ..complaints import services
from ..complaints.models import Complaint
from ..complaints.policy import may_handle_complaints, may_take_over_complaints
from ..complaints.selectors import customers, open_complaints_about
from ..open_pulls import open_pull_url
from . import selectors
from .forms import CompensationForm, CustomerSearchForm, DeclineForm, NewComplaintForm, QueueFilterForm, TransitionForm

CONSOLE_DENIED = gettext_lazy("The agent console is for customer-service agents and managers.")


def console_access_required(view):
    """Guard a console page: the customer-service roles, and whoever `tickets.complaints.policy`'s
    "extra console users" hook admits today (a manager on their front-line day)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return send_to_sign_in(request)
        if not may_handle_complaints(request.user):
            raise PermissionDenied(str(CONSOLE_DENIED))
        return view(request, *args, **kwargs)

    return guarded


QUEUE_PAGE_SIZE = 25
COUPON_DEFAULT = Decimal("5.00")  # CNY: the no-threshold coupon an agent offers first

TRANSITIONS = {
    "resolve": (services.resolve_complaint, gettext_lazy("Resolve"), gettext_lazy("Complaint #%(id)s is resolved.")),
    "close": (services.close_complaint, pgettext_lazy("close a complaint", "Close"), gettext_lazy("Complaint #%(id)s is closed.")),
    "reopen": (services.reopen_complaint, gettext_lazy("Reopen"), gettext_lazy("Complaint #%(id)s is open again.")),
}


def _complaint_or_404(pk: int) -> Complaint:
    # Complaints are a shared queue: every agent may open every one, so the role check is the scope.
    complaint = selectors.complaint_for_console(pk=pk)
    if complaint is None:
        raise Http404(_("No complaint with this number."))
    return complaint


# --- The queue -----------------------------------------------------------------------------


@console_access_required
@require_GET
def queue(request):
    filters = QueueFilterForm(request.GET or None)
    complaints = selectors.complaint_queue(agent=request.user, **filters.filters())
    page = Paginator(complaints, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for complaint in page.object_list:
        complaint.open_pull_url = open_pull_url(complaint.open_pull_id) if complaint.open_pull_id else ""
    return render(
        request,
        "agent/queue.html",
        {
            "filters": filters,
            "page": page,
            "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
            "rule_needed": settings.ANDON_RULE_MIN_CUSTOMERS,
            "filtered": any(value for key, value in request.GET.items() if key not in ("page", "order")),
            "may_take_over": may_take_over_complaints(request.user),
            "now": timezone.now(),
        },
    )


@console_access_required
@require_POST
def complaint_assign_to_me(request, pk: int):
    """"Assign to me" from the queue: back to the same page of the queue with what happened."""
    complaint = _complaint_or_404(pk)
    previous = complaint.taken_by
    try:
        taken = services.assign_to_me(complaint=complaint, agent=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        if previous is not None and previous.pk != request.user.pk:
            messages.success(
                request, _("You took over complaint #%(id)s from %(agent)s.") % {"id": taken.pk, "agent": previous.get_username()}
            )
        else:
            messages.success(request, _("Complaint #%(id)s is yours.") % {"id": taken.pk})
    return redirect(safe_next(request, reverse("tickets:queue")))


# --- One complaint -------------------------------------------------------------------------


def _prefill(amount, left):
    """An amount field's starting value: `amount`, but never above what the agent may still grant today
    (blank when nothing is left: the agent types the amount and asks a manager)."""
    if amount is None or amount <= 0 or left <= 0:
        return None
    return min(amount, left)


def _render_complaint(
    request, complaint: Complaint, *, compensation_form: CompensationForm | None = None, over_limit: bool = False,
    status: int = 200,
):
    line = complaint.order_line
    left = left_today(request.user)
    return render(
        request,
        "agent/complaint.html",
        {
            "complaint": complaint,
            "transitions": [
                (transition.name, TRANSITIONS[transition.name][1])
                for transition in complaint.get_available_state_transitions()
                if transition.name in TRANSITIONS
            ],
            "compensations": list(compensations_of(complaint)),
            "compensation_form": compensation_form,
            "refund_default": _prefill(min(line.line_total, line.order.refundable), left) if line is not None else None,
            "coupon_default": _prefill(COUPON_DEFAULT, left),
            "compensation_limit": daily_compensation_limit(),
            "left_today": left,
            "refundable": line.order.refundable if line is not None else None,
            "approver": approver_for(request.user),
            "approval_requests": list(requests_of(complaint)),
            "over_limit": over_limit,
            "Kind": Compensation.Kind,
        },
        status=status,
    )


@console_access_required
@require_GET
def complaint_detail(request, pk: int):
    return _render_complaint(request, _complaint_or_404(pk))


@console_access_required
@require_POST
def complaint_transition(request, pk: int, verb: str):
    complaint = _complaint_or_404(pk)
    if verb not in TRANSITIONS:
        raise Http404(_("Complaints cannot do that."))
    action, _label, done = TRANSITIONS[verb]
    form = TransitionForm(request.POST)
    if not form.is_valid():
        # The note goes into the audit trail: refuse it whole rather than run the transition without it.
        messages.error(request, form.errors["note"][0])
        return redirect("tickets:complaint", pk=complaint.pk)
    try:
        action(complaint=complaint, actor=request.user, note=form.cleaned_data["note"])
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done % {"id": complaint.pk})
    return redirect("tickets:complaint", pk=complaint.pk)


@console_access_required
@require_POST
def complaint_compensate(request, pk: int):
    complaint = _complaint_or_404(pk)
    form = CompensationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            grant = grant_compensation(
                complaint=complaint, agent=request.user, kind=data["kind"], amount=data["amount"],
                quantity=data["quantity"] or 1, note=data["note"],
            )
        except DomainError as refusal:
            form.add_error(None, refusal.message)
            # Past the limit is no dead end: the refusal offers to ask a manager for exactly this grant.
            over_limit = isinstance(refusal, CompensationLimitReached)
            return _render_complaint(request, complaint, compensation_form=form, over_limit=over_limit, status=400)
        else:
            messages.success(
                request,
                _("Granted: %(kind)s, costing ¥%(cost)s.") % {"kind": grant.get_kind_display(), "cost": grant.cost},
            )
            return redirect(reverse("tickets:complaint", args=[complaint.pk]) + "#compensation")
    # Re-render rather than redirect, so the refusal sits in the compensation panel beside the form.
    return _render_complaint(request, complaint, compensation_form=form, status=400)


@console_access_required
@require_POST
def complaint_ask_approval(request, pk: int):
    """"Ask a manager": one click sends the grant in the form to the agent's approver."""
    complaint = _complaint_or_404(pk)
    form = CompensationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            asked = ask_for_approval(
                complaint=complaint, agent=request.user, kind=data["kind"], amount=data["amount"],
                quantity=data["quantity"] or 1, note=data["note"],
            )
        except DomainError as refusal:
            form.add_error(None, refusal.message)
            return _render_complaint(request, complaint, compensation_form=form, status=400)
        who = asked.approver.get_username() if asked.approver else _("the customer-service managers")
        messages.success(
            request,
            _("Asked %(who)s to approve the %(what)s of ¥%(cost)s. You will be told of their answer; so will the customer.")
            % {"who": who, "what": asked.get_kind_display(), "cost": asked.cost},
        )
        return redirect(reverse("tickets:complaint", args=[complaint.pk]) + "#compensation")
    return _render_complaint(request, complaint, compensation_form=form, status=400)


# --- Approvals: a manager's pending compensation requests -------------------------------------

APPROVALS_DENIED = gettext_lazy("Compensation approvals are for customer-service managers.")


def approvals_access_required(view):
    @wraps(view)
    @console_access_required
    def guarded(request, *args, **kwargs):
        if not may_read_approvals(request.user):
            raise PermissionDenied(str(APPROVALS_DENIED))
        return view(request, *args, **kwargs)

    return guarded


@approvals_access_required
@require_GET
def approvals(request):
    return render(
        request,
        "agent/approvals.html",
        {
            "pending": list(pending_requests_for(request.user)),
            "decided": list(recently_decided_by(request.user)[:20]),
            "decline_form": DeclineForm(),
        },
    )


def _addressed_request_or_404(request, pk: int):
    # Scoped to the requests this manager decides: another team's request is not theirs to see.
    found = requests_addressed_to(request.user).select_related("requested_by", "decided_by").filter(pk=pk).first()
    if found is None:
        raise Http404(_("No approval request of yours with this number."))
    return found


@approvals_access_required
@require_POST
def approval_approve(request, pk: int):
    asked = _addressed_request_or_404(request, pk)
    try:
        approved = approve_request(request=asked, manager=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Approved: %(what)s of ¥%(cost)s on complaint #%(id)s. %(agent)s and the customer are told.")
            % {"what": approved.get_kind_display(), "cost": approved.compensation.cost, "id": approved.complaint_id,
               "agent": approved.requested_by.get_username()},
        )
    return redirect("tickets:approvals")


@approvals_access_required
@require_POST
def approval_decline(request, pk: int):
    asked = _addressed_request_or_404(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect(reverse("tickets:approvals") + f"#request-{asked.pk}")
    try:
        declined = decline_request(request=asked, manager=request.user, reason=form.cleaned_data["reason"])
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Declined: %(what)s on complaint #%(id)s. %(agent)s and the customer are told why.")
            % {"what": declined.get_kind_display(), "id": declined.complaint_id, "agent": declined.requested_by.get_username()},
        )
    return redirect("tickets:approvals")


# --- Filing a complaint --------------------------------------------------------------------


@console_access_required
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    search = CustomerSearchForm(request.GET or None)
    query = search.cleaned_data["customer_q"] if search.is_valid() else ""
    customer_id = request.POST.get("customer") or request.GET.get("customer") or ""
    customer = customers().filter(pk=customer_id).first() if customer_id.isdigit() else None
    form = None
    if customer is not None:
        form = NewComplaintForm(request.POST if request.method == "POST" else None, customer=customer)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.file_complaint(
                    customer=customer, issue_code=data["issue_code"], text=data["text"], channel=data["channel"],
                    order_line=data["order_line"], partner=data["partner"], process=data["process"],
                    taken_by=request.user,
                )
            except DomainError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Complaint #%(id)s is filed.") % {"id": complaint.pk})
                return redirect("tickets:complaint", pk=complaint.pk)
    elif request.method == "POST":
        messages.error(request, _("Find and choose the customer first."))
    return render(
        request,
        "agent/complaint_new.html",
        {
            "search": search,
            "query": query,
            "matches": selectors.find_customers(query=query),
            "customer": customer,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- A product, for the agent --------------------------------------------------------------


@console_access_required
@require_GET
def product_detail(request, sku: str):
    # Staff see a product in every state: a pulled product is exactly the one they need to find.
    product = get_object_or_404(with_stock(Product.objects.select_related("supplier", "category")), sku=sku)
    return render(
        request,
        "agent/product.html",
        {"product": product, "complaints": list(open_complaints_about(product))},
    )
