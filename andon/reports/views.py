"""The relist-rate and Pareto report pages: a chart, and a table under it with the same numbers.

For the people who fix what the cord stops (managers, executives, quality, vendor and partner managers);
members and agents get 403. The same reports are in the API, from the same selectors.
"""

import csv
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from andon.frontline.selectors import front_line_overdue, open_take_back_items
from andon.pulls.models import Verdict
from members.access import role_required
from members.roles import Role, has_role
from members.teams.selectors import teams_managed_by

from . import selectors as reports
from .forms import PeriodForm
from .policy import REPORT_ROLES, WEEKLY_REPORT_ROLES


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


# --- The weekly report in the admin (the manager's Monday) -------------------------------------

weekly_access_required = role_required(
    *WEEKLY_REPORT_ROLES, denied=gettext_lazy("The weekly report is for managers and executives.")
)


def week_asked(request) -> tuple[reports.Week, str]:
    """The `week` query parameter ("2026-W48"), else the current week; with an error text for a bad one."""
    text = request.GET.get("week", "")
    if not text:
        return reports.Week.current(), ""
    try:
        return reports.Week.parse(text), ""
    except ValueError:
        return reports.Week.current(), _("“%(week)s” is not an ISO week such as 2026-W48; showing this week.") % {"week": text[:20]}


def pulls_link(week: reports.Week, team_id: int | None = None, **filters) -> str:
    """The admin's pull list filtered to one team's (or everyone's) pulls of `week`, and `filters`."""
    return _pulls_links(week, team_id, {"": filters})[""]


def _pulls_links(week: reports.Week, team_id: int | None, variants: dict[str, dict]) -> dict[str, str]:
    # One reverse() and one pair of bounds for all of a cell's links: the page has dozens of them.
    start, end = week.bounds
    base = {"pulled_at__gte": start.isoformat(), "pulled_at__lt": end.isoformat()}
    if team_id is not None:
        base["team__id__exact"] = team_id
    changelist = reverse("admin:andon_andonpull_changelist")
    return {name: changelist + "?" + urlencode({**base, **filters}) for name, filters in variants.items()}


def drill_links(figures: reports.WeekFigures) -> dict:
    return _pulls_links(figures.week, figures.team_id, {
        "pulls": {},
        "with_verdict": {"verdict__in": f"{Verdict.RULE_FOLLOWED},{Verdict.BAD_PULL}"},
        "bad": {"verdict__exact": Verdict.BAD_PULL},
        "backlog": {"verdict__exact": ""},
        "protected": {"verdict__exact": Verdict.RULE_FOLLOWED},
    })


def _trend_points(trend: list[reports.WeekFigures]) -> list[dict]:
    return [
        {
            "week": str(figures.week),
            "rate": float(figures.bad_pull_rate) if figures.bad_pull_rate is not None else None,
            "bad": figures.bad,
            "with_verdict": figures.with_verdict,
            "breach": figures.breach,
        }
        for figures in trend
    ]


def is_executive_reader(user) -> bool:
    return has_role(user, Role.EXECUTIVE)


@weekly_access_required
def weekly_report(request, admin_context=None):
    week, week_error = week_asked(request)
    executive = is_executive_reader(request.user)
    report = reports.weekly_report(week, executive=executive)
    own_teams = {team.pk for team in teams_managed_by(request.user)}
    rows = [
        {"line": line, "figures": line.figures, "links": drill_links(line.figures), "coaching": line.team.pk in own_teams,
         "chart_id": f"trend-{line.team.pk}", "trend": _trend_points(line.trend)}
        for line in report.lines
    ]
    context = {
        **(admin_context or {}),
        "title": _("Weekly andon report"),
        "report": report,
        "rows": rows,
        "total_links": drill_links(report.total),
        "total_trend": _trend_points(report.total_trend),
        "executive": executive,
        "week_error": week_error,
        "previous_week": report.week.shifted(-1),
        "next_week": report.week.shifted(1),
        # The managers' day at the front line: who is overdue for it, and what they took back.
        "front_line_overdue": front_line_overdue(as_of=timezone.localdate()),
        "open_take_back_items": open_take_back_items(as_of=timezone.localdate()),
    }
    return render(request, "andon/reports/weekly_report.html", context)


@weekly_access_required
def weekly_report_csv(request):
    """The same numbers as the page, one line per team and the total, for the week asked."""
    week, _error = week_asked(request)
    report = reports.weekly_report(week)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="andon-weekly-{report.week}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for team, figures in [(line.team, line.figures) for line in report.lines] + [(None, report.total)]:
        record = reports.figures_record(figures)
        writer.writerow([
            str(report.week), team.code if team else "", str(team) if team else _("All teams"),
            *[("" if record[column] is None else record[column]) for column in CSV_FIGURES],
            report.target_percent,
        ])
    return response


CSV_FIGURES = [
    "pulls", "plus_ones", "complaints", "pulls_per_100_complaints", "with_verdict", "bad", "bad_pull_rate", "breach",
    "median_hours_to_relist", "open_work_orders", "overdue_work_orders", "verdict_backlog", "oldest_awaiting_hours",
    "review_backlog", "gmv_protected", "bonuses_accrued", "as_of",
]
CSV_COLUMNS = ["week", "team_code", "team", *CSV_FIGURES, "target_percent"]


@weekly_access_required
def team_coaching(request, team_id: int, admin_context=None):
    """Coaching figures per agent and abuse flags: the team's own manager only (an executive gets 403 too)."""
    team = teams_managed_by(request.user).filter(pk=team_id).first()
    if team is None:
        raise PermissionDenied(_("Coaching figures are for the team's own manager."))
    week, week_error = week_asked(request)
    coaching = reports.team_coaching(team, week=week)
    return render(request, "andon/reports/team_coaching.html", {
        **(admin_context or {}),
        "title": _("Coaching: %(team)s") % {"team": team},
        "coaching": coaching,
        "week": week,
        "week_error": week_error,
        "abuse_kinds": reports.ABUSE_KINDS,
    })
