"""Who may see and act on complaints: the one answer the agent console and the API share."""

from members.roles import Role

# Complaints are a shared queue: every agent and manager may open and work every one of them, so
# holding one of these roles is the whole scope (no per-complaint ownership check).
COMPLAINT_HANDLER_ROLES = (Role.AGENT, Role.MANAGER)
