"""The relist-rate and Pareto report pages: a chart, and a table under it with the same numbers.

For the people who fix what the cord stops (managers, executives, quality, vendor and partner managers);
members and agents get 403. The same reports are in the API, from the same selectors.
"""


from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from members.access import role_required

from . import selectors as reports
from .forms import PeriodForm
from .policy import REPORT_ROLES


report_access_required = role_required(
    *REPORT_ROLES, denied=gettext_lazy("The reports are for managers, executives, quality, vendor managers and partner managers.")
)


def _chart_rows(groups: list[reports.RelistGroup]) -> list[dict]:
    return [
        {"label": group.label, "rate": float(group.rate) if group.rate is not None else None, "pulled": group.pulled, "relisted": group.relisted}
        for group in groups
    ]


@require_GET
@report_access_required
def relist_rate(request):
    form = PeriodForm.for_request(request)
    report = reports.relist_rate_report(form.period())
    groupings = [
        ("supplier", _("By supplier"), _("Supplier"), report.by_supplier),
        ("cohort", _("By partner admission cohort"), _("Admitted in"), report.by_cohort),
        ("category", _("By category"), _("Category"), report.by_category),
        ("subcategory", _("By subcategory"), _("Subcategory"), report.by_subcategory),
    ]
    return render(request, "reports/relist_rate.html", {
        "form": form,
        "report": report,
        "groupings": [
            {
                "key": key, "title": title, "column": column, "groups": groups,
                "chart": _chart_rows(groups), "data_id": f"relist-data-{key}",
            }
            for key, title, column, groups in groupings
        ],
    })


@require_GET
@report_access_required
def pareto(request):
    form = PeriodForm.for_request(request)
    report = reports.pareto_report(form.period())
    charts = [
        ("causes", _("Root-cause categories"), _("Cause category"), _("Completed reviews"), report.cause_categories),
        ("issues", _("Issue codes"), _("Issue code"), _("Pulls"), report.issue_codes),
    ]
    return render(request, "reports/pareto.html", {
        "form": form,
        "report": report,
        "today": timezone.localdate(),
        "charts": [
            {
                "key": key, "title": title, "column": column, "count_label": count_label, "bars": bars,
                "data_id": f"pareto-data-{key}",
                "chart": [{"label": bar.label, "count": bar.count, "cumulative": float(bar.cumulative)} for bar in bars],
            }
            for key, title, column, count_label, bars in charts
        ],
    })
