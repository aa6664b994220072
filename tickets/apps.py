from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        """Fill members' hooks: the storefront header's console and "My reports" links, "report a
        problem" on an order's lines and the reports section of the order page (members may not
        name a tickets page itself)."""
        from members.account_links import AccountLink, register_account_link
        from members.orders.line_actions import register_order_line_actions
        from members.orders.sections import register_order_section
        from members.staff_links import StaffLink, register_staff_link

        from .compensation import notifications as _compensation_kinds  # noqa: F401  (each registers its kinds
        from .compensation.policy import may_read_approvals
        from .conversation import notifications as _conversation_kinds  # noqa: F401  of notification)
        from .complaints.policy import may_handle_complaints
        from .selfservice.views import report_a_problem, reports_on_order_page

        register_order_line_actions(report_a_problem)
        register_order_section(reports_on_order_page)
        register_account_link(AccountLink(url_name="selfservice:reports", label=_("My reports"), testid="my-reports-link"))
        register_staff_link(StaffLink(
            url_name="tickets:queue", label=_("Console"),
            shown_to=may_handle_complaints,
            testids={"header": "console-link"},
        ))
        # A manager's requests to decide: grants above an agent's daily limit.
        register_staff_link(StaffLink(
            url_name="tickets:approvals", label=_("Approvals"), shown_to=may_read_approvals,
            testids={"console": "nav-approvals", "admin": "admin-approvals"},
            description=_("Compensation above an agent's daily limit, waiting for your approval."),
        ))
