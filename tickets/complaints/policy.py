"""Who may see and act on complaints: the one answer the agent console and the API share.

A hook for the apps above tickets: "extra console users today". Someone without a customer-service
role may still work the console on a given day (a manager on their front-line day, kept by andon).
tickets cannot import andon, so andon registers a check here from its `AppConfig.ready()`:
`register_extra_console_users(check)`, where `check(user)` answers True when the user works the
console today. The checks are only asked about signed-in users without a customer-service role, so
an agent's pages cost no extra query.
"""

from collections.abc import Callable

from members.roles import Role, has_role

# Complaints are a shared queue: every agent and manager may open and work every one of them, so
# holding one of these roles is the whole scope (no per-complaint ownership check).
COMPLAINT_HANDLER_ROLES = (Role.AGENT, Role.MANAGER)

_extra_console_users: list[Callable[[object], bool]] = []


def register_extra_console_users(check: Callable[[object], bool]) -> None:
    """Let `check(user) -> bool` admit more people to the console (and its complaints) for the day."""
    if check not in _extra_console_users:
        _extra_console_users.append(check)


def may_handle_complaints(user) -> bool:
    """Open the console and work its complaints: the customer-service roles, and anyone a registered
    check admits today (who then works as an agent, nothing more)."""
    if has_role(user, *COMPLAINT_HANDLER_ROLES):
        return True
    return bool(getattr(user, "is_authenticated", False)) and any(check(user) for check in _extra_console_users)


def may_take_over_complaints(user) -> bool:
    """Reassign to oneself a complaint another agent has taken: customer-service managers only.
    An agent asks the colleague (or a manager) instead: nobody's complaint is taken silently."""
    return has_role(user, Role.MANAGER)
