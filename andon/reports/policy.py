"""Who reads the andon reports: the pages, the API and the staff navigation ask here."""

from members.roles import Role, has_role

REPORT_ROLES = (Role.MANAGER, Role.EXECUTIVE, Role.QUALITY, Role.VENDOR_MANAGER)


def may_read_reports(user) -> bool:
    return has_role(user, *REPORT_ROLES)
