"""The member's "report a problem" page on an order: a complaint from the customer themselves.

Scoped to the signed-in customer's own orders, so another customer's order number is a 404.
The complaint goes through `file_complaint` like every other channel and lands in the agents' queue.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from flywheel.errors import DomainError
from members.orders.line_actions import OrderLineAction
from members.orders.selectors import orders_of

from ..complaints.models import Complaint
from ..complaints.services import file_complaint
from .forms import ReportProblemForm


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
        form = ReportProblemForm(request.POST, order=order)
        if form.is_valid():
            try:
                complaint = file_complaint(
                    customer=request.user,
                    order_line=form.cleaned_data["line"],
                    issue_code=form.cleaned_data["issue_code"],
                    text=form.cleaned_data["text"],
                    channel=Complaint.Channel.SELF_SERVICE,
                )
            except DomainError as refusal:
                form.add_error(None, refusal.message)
            else:
                return redirect("selfservice:problem-reported", number=order.number, complaint_id=complaint.pk)
    else:
        # The order page links each line here as ?line=<id>; an order of one line needs no choice.
        chosen = request.GET.get("line") or (lines[0].pk if len(lines) == 1 else None)
        form = ReportProblemForm(initial={"line": chosen}, order=order)
    return render(request, "tickets/report_problem.html", {"order": order, "lines": lines, "form": form})


@login_required
@require_GET
def problem_reported(request, number: str, complaint_id: int):
    complaint = get_object_or_404(
        Complaint.objects.select_related("issue_code", "order_line__order"),
        pk=complaint_id, customer=request.user, order_line__order__number=number,
    )
    return render(request, "tickets/problem_reported.html", {"complaint": complaint, "order": complaint.order_line.order})
