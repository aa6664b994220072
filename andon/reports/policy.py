"""Who reads the andon reports: the pages, the API and the staff navigation ask here."""

from members.roles import Role, has_role

# Partner managers read the relist rate of their partners' admission cohorts.
REPORT_ROLES = (Role.MANAGER, Role.EXECUTIVE, Role.QUALITY, Role.VENDOR_MANAGER, Role.PARTNER_MANAGER)


def may_read_reports(user) -> bool:
    return has_role(user, *REPORT_ROLES)


WEEKLY_REPORT_ROLES = (Role.MANAGER, Role.EXECUTIVE)


def may_read_weekly_report(user) -> bool:
    """The weekly bad-pull report: managers (who carry the rate) and executives."""
    return has_role(user, *WEEKLY_REPORT_ROLES)
