from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        """The storefront header links to the console through members' staff-link hook: members
        may not name a tickets page itself."""
        from members.roles import has_role
        from members.staff_links import StaffLink, register_staff_link

        from .complaints.policy import COMPLAINT_HANDLER_ROLES

        register_staff_link(StaffLink(
            url_name="tickets:queue", label=_("Console"),
            shown_to=lambda user: has_role(user, *COMPLAINT_HANDLER_ROLES),
            testids={"header": "console-link"},
        ))
