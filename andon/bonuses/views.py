"""The monthly bonus statement (page and CSV), and the CSV files the admin and the API hand out.

The agent reads their own; a manager the agents of the teams they manage; an executive anyone's.
"""

import csv
import io

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from members.access import staff_required

from . import policy
from . import selectors as ledger
from .forms import StatementForm

PAYROLL_COLUMNS = ("employee_id", "name", "team", "cost_centre", "period", "batch_id", "amount_cny")
STATEMENT_COLUMNS = ("date", "pull", "kind", "state", "amount_cny", "reverses", "payroll_batch")


def payroll_csv(batches) -> str:
    """The payroll export of `batches`: one line per agent, team and batch; the amounts add up to the batch totals."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PAYROLL_COLUMNS)
    for batch in batches:
        for row in ledger.payroll_rows(batch):
            writer.writerow([row.employee_id, row.name, row.team, row.cost_centre, row.period, row.batch_id, f"{row.amount:.2f}"])
    return out.getvalue()


def statement_csv(statement: ledger.Statement) -> str:
    """The statement's lines, then its totals; write-offs are listed as borne by the company, never deducted."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(STATEMENT_COLUMNS)
    for entry in statement.entries:
        writer.writerow([
            f"{entry.created_at:%Y-%m-%d}", entry.pull_id, entry.kind, entry.state, f"{entry.amount:.2f}",
            entry.reverses_id or "", entry.batch_id or "",
        ])
    totals = statement.totals
    for name, value in (
        ("accrued", totals.accrued), ("reversed", totals.reversed), ("net", totals.net), ("paid", totals.paid),
        ("approved", totals.approved), ("awaiting_approval", totals.awaiting_approval),
        ("corrected_after_payment_borne_by_company", totals.written_off),
    ):
        writer.writerow([f"total:{name}", "", "", "", f"{value:.2f}", "", ""])
    return out.getvalue()


def csv_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def statement_for_request(request):
    """(form, statement) for the month and agent asked; 404 for an unknown agent, 403 for one the user may not read."""
    form = StatementForm.for_request(request)
    agent = request.user
    username = request.GET.get("agent", "").strip()
    if username and username != request.user.get_username():
        agent = get_user_model().objects.filter(username=username).first()
        if agent is None:
            raise Http404(_("No agent %(username)s.") % {"username": username})
    if not policy.may_read_statement(request.user, agent):
        raise PermissionDenied(_("You may read your own bonus statement, and a manager those of their teams' agents."))
    return form, ledger.agent_statement(agent, form.month_asked())


@require_GET
@staff_required
def statement(request):
    form, statement = statement_for_request(request)
    return render(request, "andon/bonuses/statement.html", {
        "form": form,
        "statement": statement,
        "agents": ledger.statement_agents_for(request.user),
        "title": gettext_lazy("Bonus statement"),
    })


@require_GET
@staff_required
def statement_export(request):
    _form, statement = statement_for_request(request)
    return csv_response(statement_csv(statement), f"bonus-statement-{statement.agent.get_username()}-{statement.period}.csv")
