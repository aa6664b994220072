"""The Monday summary: one notification (with its e-mail) per manager and executive per ISO week."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.notifications.kinds import MessageKind, in_each_language, moment, register_kind
from members.notifications.services import notify
from members.roles import Role

from .selectors import Week, weekly_report


def _summary_subject(params: dict) -> str:
    return str(_("Weekly andon report %(week)s: bad-pull rate %(rate)s")) % params


def _summary_body(params: dict) -> str:
    lines = [
        str(_("Week %(week)s (%(monday)s to %(sunday)s), as of %(as_of)s. Target: %(target)s%%.")) % params,
        "",
    ]
    for row in params["teams"]:
        flag = " " + str(_("BREACH")) if row["breach"] else ""
        name = row["team"] if row["team"] is not None else str(_("All teams"))
        lines.append(str(_("%(team)s: %(pulls)s pulls, bad-pull rate %(rate)s%(flag)s, verdict backlog %(backlog)s")) % {
            **row, "team": name, "flag": flag,
        })
    return "\n".join(lines)


MONDAY_SUMMARY = register_kind(MessageKind(
    name="weekly-report",
    label=_("The Monday andon report"),
    help_text=_("Last week's pulls and bad-pull rate per team, every Monday (managers and executives)."),
    subject=_summary_subject,
    body=_summary_body,
))


def announce_monday_summary(*, iso_year: int, iso_week: int) -> int:
    """Send the week's total and each team's bad-pull rate; the key (week) makes a retry send nothing."""
    week = Week(iso_year, iso_week)
    report = weekly_report(week)
    recipients = list(
        get_user_model().objects.filter(groups__name__in=[Role.MANAGER, Role.EXECUTIVE], is_active=True).distinct()
    )
    teams = []
    for line in [*report.lines, None]:
        figures = line.figures if line else report.total
        teams.append({
            # None is the total: "All teams", written in the reader's language.
            "team": str(line.team) if line else None, "pulls": figures.pulls,
            "rate": in_each_language(lambda figures=figures: figures.rate_label), "breach": bool(figures.breach),
            "backlog": figures.verdict_backlog,
        })
    params = {
        "week": str(week), "monday": str(week.monday), "sunday": str(week.sunday), "as_of": moment(report.as_of),
        "target": str(report.target_percent), "rate": in_each_language(lambda: report.total.rate_label), "teams": teams,
    }
    link = reverse("admin:andon_weekly_report") + f"?week={week}"
    return notify(
        recipients=recipients, key=f"weekly-report:{week}", kind=MONDAY_SUMMARY.name, params=params, link=link,
    )
