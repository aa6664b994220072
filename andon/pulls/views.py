"""The cord's interface: pull or warn from a panel (htmx, or a plain form without JavaScript), and the board.

One click opens the reason, a second click pulls: no confirmation, no approval, no threshold.
The rule status on the panel is help for the agent, never a gate, and nothing here may add one.
"""

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

from . import selectors
from .forms import ReasonForm, TargetReasonForm
from .models import REASON_MAX_LENGTH
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
