"""The Monday summary: one notification (with its e-mail) per manager and executive per ISO week."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from members.notifications.services import notify
from members.roles import Role

from .selectors import Week, weekly_report


def announce_monday_summary(*, iso_year: int, iso_week: int) -> int:
    """Send the week's total and each team's bad-pull rate; the key (week) makes a retry send nothing."""
    week = Week(iso_year, iso_week)
    report = weekly_report(week)
    recipients = list(
        get_user_model().objects.filter(groups__name__in=[Role.MANAGER, Role.EXECUTIVE], is_active=True).distinct()
    )

    def subject() -> str:
        return _("Weekly andon report %(week)s: bad-pull rate %(rate)s") % {"week": week, "rate": report.total.rate_label}

    def body() -> str:
        lines = [
            _("Week %(week)s (%(monday)s to %(sunday)s), as of %(as_of)s. Target: %(target)s%%.") % {
                "week": week, "monday": week.monday, "sunday": week.sunday,
                "as_of": report.as_of.strftime("%Y-%m-%d %H:%M"), "target": report.target_percent,
            },
            "",
        ]
        for line in [*report.lines, None]:
            figures = line.figures if line else report.total
            name = str(line.team) if line else _("All teams")
            flag = " " + _("BREACH") if figures.breach else ""
            lines.append(_("%(team)s: %(pulls)s pulls, bad-pull rate %(rate)s%(flag)s, verdict backlog %(backlog)s") % {
                "team": name, "pulls": figures.pulls, "rate": figures.rate_label, "flag": flag, "backlog": figures.verdict_backlog,
            })
        return "\n".join(lines)

    link = reverse("admin:andon_weekly_report") + f"?week={week}"
    return notify(recipients=recipients, key=f"weekly-report:{week}", subject=subject, body=body, link=link)
