"""The member's "report a problem" page on an order: a complaint from the customer themselves.

Scoped to the signed-in customer's own orders, so another customer's order number is a 404.
The complaint goes through `file_complaint` like every other channel and lands in the agents' queue.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from flywheel.errors import DomainError
from members.orders.line_actions import OrderLineAction
from members.orders.selectors import orders_of
from members.paging import page_range

from ..complaints.models import Complaint
from ..conversation.photos import PhotoRefused
from ..conversation.policy import customer_may_write
from ..conversation.selectors import photos_visible_to, reports_of, reports_on_order, with_last_reply
from ..conversation.services import reply_as_customer
from .forms import CustomerMessageForm, ReportProblemForm
from .services import report_problem as file_report

REPORTS_PAGE_SIZE = 10


def report_a_problem(order) -> list[OrderLineAction]:
    """One "report a problem" link per line of the customer's order (registered by TicketsConfig)."""
    page = reverse("selfservice:report-problem", args=[order.number])
    return [
        OrderLineAction(
            url=f"{page}?line={line.pk}", label=_("Report a problem with %(title)s") % {"title": line.display_title},
            testid="report-problem",
        )
        for line in order.lines.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def report_problem(request, number: str):
    order = get_object_or_404(orders_of(request.user), number=number)
    lines = list(order.lines.all())
    if request.method == "POST":
        form = ReportProblemForm(request.POST, request.FILES, order=order)
        if form.is_valid():
            try:
                complaint = file_report(
                    customer=request.user,
                    order_line=form.cleaned_data["line"],
                    issue_code=form.cleaned_data["issue_code"],
                    text=form.cleaned_data["text"],
                    photos=form.cleaned_data["photos"],
                )
            except PhotoRefused as refusal:
                form.add_error("photos", refusal.message)
            except DomainError as refusal:
                form.add_error(None, refusal.message)
            else:
                return redirect("selfservice:problem-reported", number=order.number, complaint_id=complaint.pk)
    else:
        # The order page links each line here as ?line=<id>; an order of one line needs no choice.
        chosen = request.GET.get("line") or (lines[0].pk if len(lines) == 1 else None)
        form = ReportProblemForm(initial={"line": chosen}, order=order)
    # A browser cannot put chosen files back into a form shown again: say so rather than lose them silently.
    photos_dropped = request.method == "POST" and bool(request.FILES.getlist("photos"))
    return render(
        request, "tickets/report_problem.html",
        {"order": order, "lines": lines, "form": form, "photos_dropped": photos_dropped},
    )


@login_required
@require_GET
def problem_reported(request, number: str, complaint_id: int):
    complaint = get_object_or_404(
        Complaint.objects.select_related("issue_code", "order_line__order"),
        pk=complaint_id, customer=request.user, order_line__order__number=number,
    )
    return render(request, "tickets/problem_reported.html", {"complaint": complaint, "order": complaint.order_line.order})


# --- My reports ------------------------------------------------------------------------------


@login_required
@require_GET
def my_reports(request):
    """The member's reports, newest first, each with its state and the last word from us."""
    page = Paginator(reports_of(request.user), REPORTS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_last_reply(page.object_list)
    return render(request, "tickets/my_reports.html", {"page": page, "page_range": page_range(page)})


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, complaint_id: int):
    """One of the member's reports: its conversation (never an internal note), photos, and a reply form."""
    # Scoped to the member: another customer's report is a 404, as if it did not exist.
    complaint = get_object_or_404(reports_of(request.user), pk=complaint_id)
    form = CustomerMessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reply_as_customer(complaint=complaint, customer=request.user, body=form.cleaned_data["body"])
            except DomainError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Your message is sent. We will answer here and by e-mail."))
                return redirect(reverse("selfservice:report", args=[complaint.pk]) + "#conversation")
        status = 400
    return render(
        request,
        "tickets/report_detail.html",
        {"complaint": complaint, "form": form, "may_write": customer_may_write(complaint)},
        status=status,
    )


@login_required
@require_GET
def report_photo(request, pk: int):
    """A complaint photo, to the console's people and to the customer who sent it; anyone else: 404."""
    photo = get_object_or_404(photos_visible_to(request.user), pk=pk)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("This photo is no longer stored.")) from missing
    response = FileResponse(handle, content_type=photo.content_type)
    # Private to the signed-in viewer: no shared cache keeps it; no browser guesses another type.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="complaint-{photo.complaint_id}-photo-{photo.pk}"'
    return response


def reports_on_order_page(request, order) -> str:
    """The order page's section on the member's reports about this order (registered by TicketsConfig)."""
    reports = reports_on_order(customer=request.user, order=order)
    if not reports:
        return ""
    return render_to_string("tickets/_order_reports.html", {"reports": reports}, request=request)
