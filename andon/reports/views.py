"""The relist-rate and Pareto report pages: a chart, and a table under it with the same numbers.

For the people who fix what the cord stops (managers, executives, quality, vendor and partner managers);
members and agents get 403. The same reports are in the API, from the same selectors.
"""

import csv
from urllib.parse import urlencode

from django.conf import settings
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


def small_sample_under() -> int:
    """Bars and points drawn from fewer pulls (or reviews) than this are marked as a small sample."""
    return settings.REPORT_SMALL_SAMPLE


def _rate(group: reports.RelistGroup | None) -> float | None:
    return float(group.rate) if group is not None and group.rate is not None else None


def _relist_rows(groups: list[reports.RelistGroup], compared: list[reports.RelistGroup]) -> list[dict]:
    """One row per group of the period, with the same group in the comparison period (None if it had no pull then)."""
    before = {group.key: group for group in compared}
    return [{"group": group, "before": before.get(group.key)} for group in groups]


def _relist_chart(rows: list[dict], small_under: int) -> list[dict]:
    return [
        {
            "label": row["group"].label, "rate": _rate(row["group"]),
            "pulled": row["group"].pulled, "relisted": row["group"].relisted, "small": row["group"].pulled < small_under,
            "before_rate": _rate(row["before"]),
            "before_pulled": row["before"].pulled if row["before"] else 0,
            "before_relisted": row["before"].relisted if row["before"] else 0,
            "before_small": (row["before"].pulled if row["before"] else 0) < small_under,
        }
        for row in rows
    ]


def _chart_texts() -> dict:
    """What the charts say besides their numbers, translated here (the script only places them)."""
    return {
        "period": _("This period"),
        "before": _("Comparison period"),
        "small": _("Small sample (fewer than %(n)d)") % {"n": small_sample_under()},
        "of": _("{n} of {total}"),
        "none": _("no pulls"),
    }


@require_GET
@report_access_required
def relist_rate(request):
    form = PeriodForm.for_request(request)
    period, comparison = form.period(), form.comparison()
    report, before = reports.relist_rate_report(period), reports.relist_rate_report(comparison, with_never_back=False)
    small_under = small_sample_under()
    groupings = [
        ("supplier", _("By supplier"), _("Supplier"), report.by_supplier, before.by_supplier),
        ("cohort", _("By partner admission cohort"), _("Admitted in"), report.by_cohort, before.by_cohort),
        ("category", _("By category"), _("Category"), report.by_category, before.by_category),
        ("subcategory", _("By subcategory"), _("Subcategory"), report.by_subcategory, before.by_subcategory),
    ]
    built = []
    for key, title, column, groups, compared in groupings:
        rows = _relist_rows(groups, compared)
        built.append({
            "key": key, "title": title, "column": column, "groups": groups, "rows": rows,
            "chart": _relist_chart(rows, small_under), "data_id": f"relist-data-{key}",
        })
    return render(request, "reports/relist_rate.html", {
        "form": form,
        "report": report,
        "before": before,
        "comparison": comparison,
        "small_under": small_under,
        "chart_texts": _chart_texts(),
        "groupings": built,
    })


@require_GET
@report_access_required
def pareto(request):
    form = PeriodForm.for_request(request)
    period, comparison = form.period(), form.comparison()
    report = reports.pareto_report(period)
    before_causes, before_issues = reports.pareto_bars(comparison)
    small_under = small_sample_under()
    charts = [
        ("causes", _("Root-cause categories"), _("Cause category"), _("Completed reviews"), report.cause_categories, before_causes),
        ("issues", _("Issue codes"), _("Issue code"), _("Pulls"), report.issue_codes, before_issues),
    ]
    built = []
    for key, title, column, count_label, bars, compared_bars in charts:
        compared = {bar.key: bar for bar in compared_bars}
        before_total = sum(bar.count for bar in compared_bars)
        rows = [{"bar": bar, "before": compared.get(bar.key)} for bar in bars]
        built.append({
            "key": key, "title": title, "column": column, "count_label": count_label, "bars": bars, "rows": rows,
            "total": bars[0].total if bars else 0, "before_total": before_total,
            "small": (bars[0].total if bars else 0) < small_under, "before_small": before_total < small_under,
            "data_id": f"pareto-data-{key}",
            "chart": [
                {
                    "label": bar.label, "count": bar.count, "total": bar.total, "cumulative": float(bar.cumulative),
                    "small": bar.total < small_under,
                    "before_count": compared[bar.key].count if bar.key in compared else 0, "before_total": before_total,
                    "before_small": before_total < small_under,
                }
                for bar in bars
            ],
        })
    return render(request, "reports/pareto.html", {
        "form": form,
        "report": report,
        "comparison": comparison,
        "small_under": small_under,
        "chart_texts": _chart_texts(),
        "today": timezone.localdate(),
        "charts": built,
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
            # Few verdicts behind the rate: the chart draws the point hollow and says "small sample".
            "small": figures.with_verdict < small_sample_under(),
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
        "small_sample_label": _("Small sample (fewer than %(n)d)") % {"n": small_sample_under()},
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
