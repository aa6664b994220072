"""Who may pull the cord (or raise a warning): the one answer the services enforce and the API checks."""

from members.roles import Role, has_role

# The front line pulls; nobody approves a pull, ever.
PULLING_ROLES = (Role.AGENT, Role.MANAGER)


def may_pull(user) -> bool:
    """Pull the cord, "+1" a pull, or raise a warning."""
    return has_role(user, *PULLING_ROLES)
