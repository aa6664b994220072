"""What each staff role may open of complaints and compensation in the Django admin.

Collected after every migrate by `members.roles.grant_role_permissions`.
"""

from members.roles import Role

_READ_EVERYTHING = [
    "tickets.view_complaint", "tickets.view_compensation", "tickets.view_compensationrequest", "tickets.view_issuecode",
    "tickets.view_process",
    "tickets.view_complaintmessage",  # the conversation beside a complaint, internal notes included: staff only
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: ["tickets.view_complaint", "tickets.view_issuecode", "tickets.view_complaintmessage"],
    Role.MANAGER: _READ_EVERYTHING + [
        "tickets.add_issuecode", "tickets.change_issuecode", "tickets.add_process", "tickets.change_process",
    ],
    Role.EXECUTIVE: _READ_EVERYTHING,
}
