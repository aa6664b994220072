"""The cord's interface: pull or warn from a panel (htmx, or a plain form without JavaScript), and the board.

One click opens the reason, a second click pulls: no confirmation, no approval, no threshold.
The rule status on the panel is help for the agent, never a gate, and nothing here may add one.
"""

import re
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.views.decorators.http import require_GET, require_POST

from flywheel.errors import DomainError
from flywheel.models import Product
from members.access import safe_next, send_to_sign_in, staff_required
from tickets.complaints.policy import may_handle_complaints
from tickets.panels import ProductPanels
from tickets.console.selectors import complaint_for_console

from andon.reviews.models import CorrectiveAction
from andon.verdicts.policy import may_read_verdicts
from andon.work_orders.policy import is_back_office
from andon.work_orders.views import TIMELINE_ACTIONS

from . import selectors
from .forms import ReasonForm, TargetReasonForm
from .models import REASON_MAX_LENGTH, BadPullCategory, PullComplaint, Verdict
from .policy import may_pull
from .services import pull_andon, warn_owners

PULLED_MESSAGES = {
    "product": gettext_lazy("Pulled - product off sale: pull #%(id)s"),
    "partner": gettext_lazy("Pulled - partner hidden from the app: pull #%(id)s"),
    "process": gettext_lazy("Pulled - process stopped: pull #%(id)s"),
}
BOARD_REFRESH_SECONDS = 15
# The cord is the front line's: the same message as the console, where the panels hang.
CORD_DENIED = gettext_lazy("The agent console is for customer-service agents and managers.")


def pulling_role_required(view):
    """Guard the cord's endpoints with `may_pull` (a manager on their front-line day included)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return send_to_sign_in(request)
        if not may_pull(request.user):
            raise PermissionDenied(str(CORD_DENIED))
        return view(request, *args, **kwargs)

    return guarded


def _pulled_message(outcome) -> str:
    if outcome.joined:
        return _("+1 added to pull #%(id)s") % {"id": outcome.pull.pk}
    return PULLED_MESSAGES[outcome.pull.target_kind] % {"id": outcome.pull.pk}


def _cord(request, *, action: str, form: ReasonForm, load, back: str) -> HttpResponse:
    """Pull (or warn) with the reason in `form` on what `load()` returns, then answer htmx or a plain POST.

    `load` reads the complaint or target afresh (a 404 before anything is written), so the panel
    drawn after a pull shows the target stopped.
    """
    result = None
    if form.is_valid():
        service = pull_andon if action == "pull" else warn_owners
        try:
            done = service(agent=request.user, reason=form.cleaned_data["reason"], **load())
        except DomainError as refusal:
            form.add_error("reason", refusal.message)
        else:
            if action == "pull":
                result = {"kind": "joined" if done.joined else "pulled", "message": _pulled_message(done)}
            else:
                result = {"kind": "warning", "message": _("Warning sent to the owners - nothing was stopped.")}
            if not request.htmx:
                messages.success(request, result["message"])
                return redirect(safe_next(request, back))
    panel = selectors.andon_panel(**load())
    context = {
        "panel": panel,
        "result": result,
        "failed_form": action if result is None else "",
        "error": form.errors.get("reason", [""])[0] if result is None else "",
        # A 100 KB paste is refused, not echoed back into the page in full.
        "reason_value": (form.data.get("reason") or "")[:REASON_MAX_LENGTH],
        "next": safe_next(request, back),
        "swap_listing_state": result is not None and panel.kind == "product",
    }
    if request.htmx:
        # 200 even for a refusal: htmx only swaps successful answers, and the error belongs in the panel.
        return render(request, "andon/_panel.html", context)
    return render(request, "andon/cord.html", {**context, "back": back}, status=400)


@pulling_role_required
@require_POST
def complaint_pull(request, pk: int):
    return _complaint_cord(request, pk, action="pull")


@pulling_role_required
@require_POST
def complaint_warn(request, pk: int):
    return _complaint_cord(request, pk, action="warn")


def _complaint_cord(request, pk: int, *, action: str) -> HttpResponse:
    def load() -> dict:
        complaint = complaint_for_console(pk=pk)
        if complaint is None:
            raise Http404(_("No complaint with this number."))
        return {"complaint": complaint}

    return _cord(
        request, action=action, form=ReasonForm(request.POST), load=load,
        back=reverse("tickets:complaint", args=[pk]),
    )


@pulling_role_required
@require_POST
def product_pull(request, sku: str):
    return _product_cord(request, sku, action="pull")


@pulling_role_required
@require_POST
def product_warn(request, sku: str):
    return _product_cord(request, sku, action="warn")


def _product_cord(request, sku: str, *, action: str) -> HttpResponse:
    get_object_or_404(Product, sku=sku)
    form = TargetReasonForm(request.POST)
    form.is_valid()
    issue_code = form.cleaned_data.get("issue_code")
    if issue_code is None:
        # Only a hand-made request lacks it: every panel on the product page sends its issue code.
        return HttpResponseBadRequest(_("Say which issue code the pull is about."))

    def load() -> dict:
        return {"target": Product.objects.get(sku=sku), "issue_code": issue_code}

    return _cord(request, action=action, form=form, load=load, back=reverse("tickets:product", args=[sku]))


# --- The board -----------------------------------------------------------------------------


def _board_context() -> dict:
    return {
        "board": selectors.andon_board(),
        "amber_under": int(selectors.AGE_AMBER_UNDER.total_seconds()),
        "orange_under": int(selectors.AGE_ORANGE_UNDER.total_seconds()),
        "refresh_seconds": BOARD_REFRESH_SECONDS,
    }


@staff_required
@require_GET
def board(request):
    # The console button only for those the console lets in: the warehouse would meet a 403.
    context = _board_context() | {"may_open_console": may_handle_complaints(request.user)}
    return render(request, "andon/board.html", context)


@staff_required
@require_GET
def board_live(request):
    """The part of the board that htmx re-fetches every few seconds: totals, lamps and rows."""
    return render(request, "andon/_board_live.html", _board_context())


# --- The pull's page ------------------------------------------------------------------------

# How the timeline names what happened, by the kind of row and its audit action; an action not
# listed here is shown by its code rather than hidden.
PULL_EVENTS = {
    "pull": gettext_lazy("pulled the cord"),
    "join": gettext_lazy("+1: joined the pull"),
    "attach_complaints": gettext_lazy("complaints attached"),
    "resolve": gettext_lazy("resolved: every work order done"),
    "close": gettext_lazy("closed: the review is complete"),
    "verdict": gettext_lazy("verdict given"),
    "correct_verdict": gettext_lazy("verdict corrected"),
}
# A work order's events read the same on the pull page as on the work order's own page.
WORK_ORDER_EVENTS = TIMELINE_ACTIONS
REVIEW_EVENTS = {
    "open": gettext_lazy("review opened"),
    "add_why": gettext_lazy("why added"),
    "set_root_cause": gettext_lazy("root cause set"),
    "add_corrective_action": gettext_lazy("corrective action added"),
    "complete": gettext_lazy("review complete"),
}
OTHER_EVENTS = {
    ("supplieranswer", "record_answer"): gettext_lazy("supplier's answer recorded"),
    ("supplieranswer", "revise_answer"): gettext_lazy("supplier's answer revised"),
    ("correctiveaction", "update_status"): gettext_lazy("corrective action status changed"),
    ("target", "put_under_review"): gettext_lazy("taken off sale, under review"),
    ("target", "relist"): gettext_lazy("back on sale"),
    ("target", "retire"): gettext_lazy("retired"),
    ("target", "stop"): gettext_lazy("stopped: lamp red"),
    ("target", "restart"): gettext_lazy("restarted: lamp green"),
    ("target", "block_lots"): gettext_lazy("stock lots blocked"),
    ("target", "unblock_lots"): gettext_lazy("stock lots released"),
    ("target", "return_lots"): gettext_lazy("stock lots returned to the supplier"),
}
HOW_ATTACHED = dict(PullComplaint.How.choices)


@dataclass(frozen=True)
class TimelineEntry:
    event: object  # flywheel.models.AuditEvent
    subject: str
    label: str
    note: str


def _timeline_entries(page) -> list[TimelineEntry]:
    """Name each audit row for people: what it is about (the pull, WO-12, the review...) and what happened."""
    pull = page.pull
    work_orders = {str(row.work_order.pk): row.work_order for row in page.work_orders}
    entries = []
    for event in page.timeline:
        model, action, note = event.content_type.model, event.action, event.note
        if model == "andonpull":
            subject, label = _("Pull"), PULL_EVENTS.get(action, action)
            if action == "attach_complaints":
                note = _readable_attachments(note)
            elif action in ("verdict", "correct_verdict") and event.to_state in Verdict.values:
                label = f"{label}: {Verdict(event.to_state).label}"
                note = _readable_verdict_note(note)
        elif model == "workorder":
            work_order = work_orders.get(event.object_id)
            subject = f"WO-{event.object_id}" + (f" · {work_order.get_kind_display()}" if work_order else "")
            label = WORK_ORDER_EVENTS.get(action, action)
        elif model == "rootcausereview":
            subject, label = _("Root-cause review"), REVIEW_EVENTS.get(action, action)
        elif model == "supplieranswer":
            subject, label = _("Supplier's answer"), OTHER_EVENTS.get(("supplieranswer", action), action)
        elif model == "correctiveaction":
            subject, label = _("Corrective action"), OTHER_EVENTS.get(("correctiveaction", action), action)
            if event.to_state in CorrectiveAction.Status.values:
                label = f"{label}: {CorrectiveAction.Status(event.to_state).label}"
        else:
            subject, label = str(pull.target), OTHER_EVENTS.get(("target", action), action)
        entries.append(TimelineEntry(event=event, subject=subject, label=str(label), note=note))
    return entries


def _readable_attachments(note: str) -> str:
    """"#12 pulled, #13 met_rule" as people read it: "#12 (pulled from it), #13 (met the rule when pulled)"."""
    return re.sub(r"#(\d+) (\w+)", lambda found: f"#{found[1]} ({HOW_ATTACHED.get(found[2], found[2])})", note)


def _readable_verdict_note(note: str) -> str:
    """The verdict's row starts with the bad-pull category's code: its name instead."""
    code, _space, rest = note.partition(" ")
    if code in BadPullCategory.values:
        return f"{BadPullCategory(code).label}. {rest}".strip()
    return note


@staff_required
@require_GET
def pull_detail(request, pk: int):
    """The pull's page for staff: target, reason, people, complaints, work orders and who holds them up,
    the review, the verdict and the timeline. Every staff role reads every pull (the andon is everyone's business)."""
    pull = selectors.pull_for_page(pk=pk)
    if pull is None:
        raise Http404(_("No pull with this number."))
    page = selectors.pull_page(pull)
    return render(
        request,
        "andon/pulls/detail.html",
        {
            "page": page,
            "pull": pull,
            "timeline": _timeline_entries(page),
            "may_open_complaints": may_handle_complaints(request.user),
            "may_open_queues": is_back_office(request.user),
            "may_read_verdicts": may_read_verdicts(request.user),
            "timeline_limit": selectors.PULL_TIMELINE_LIMIT,
        },
    )


# --- The cord on the agent console's pages (registered in tickets.panels by AndonConfig.ready) ---


def _panel_html(request, panel) -> str:
    # Rendered without the request's context processors: a panel needs only these, and the
    # storefront's would read the header counts again for every panel on the page.
    return get_template("andon/_panel.html").render({
        "panel": panel,
        "request": request,
        "user": request.user,
        "csrf_token": get_token(request),
        "next": request.get_full_path(),
    })


def complaint_panel(request, complaint) -> str:
    """The cord beside a complaint: its target and issue code, the rule, any open pull."""
    return _panel_html(request, selectors.andon_panel(complaint=complaint))


def product_panels(request, product, issue_codes) -> ProductPanels:
    """The cord for any issue, and one per issue code of the product's open complaints."""
    panels = selectors.target_panels(target=product, issue_codes=issue_codes)
    return ProductPanels(
        any_issue=_panel_html(request, panels.any_issue),
        by_issue_code={pk: _panel_html(request, panel) for pk, panel in panels.by_issue_code.items()},
    )
