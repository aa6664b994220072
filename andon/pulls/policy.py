"""Who may pull the cord (or raise a warning): the one answer the services enforce and the API checks."""

from members.roles import Role, has_role

from ..frontline.policy import on_front_line_today

# The front line pulls; nobody approves a pull, ever.
PULLING_ROLES = (Role.AGENT, Role.MANAGER)


def may_pull(user) -> bool:
    """Pull the cord, "+1" a pull, or raise a warning: the front line, which on their front-line day
    includes a manager of any department (access for the day, never an approval step)."""
    return has_role(user, *PULLING_ROLES) or on_front_line_today(user)


# Closing a warning says "looked at, not systemic": the managers who own the front line decide it.
WARNING_CLOSING_ROLES = (Role.MANAGER,)


def may_close_warning(user) -> bool:
    """Take a warning off the board without a pull (a warning followed by a pull leaves on its own)."""
    return has_role(user, *WARNING_CLOSING_ROLES)
