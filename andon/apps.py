from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AndonConfig(AppConfig):
    name = "andon"
    verbose_name = _("Andon pulls and work orders")

    def ready(self) -> None:
        """Subscribe to the lower apps' hooks. The admin pages register through andon/admin.py
        (which imports the sub-domains' admin modules), as Django's autodiscovery expects."""
        from flywheel.services import register_relist_guard
        from members.staff_links import StaffLink, register_staff_link
        from tickets.complaints.policy import register_extra_console_users
        from tickets.open_pulls import register_open_pull_source
        from tickets.panels import register_complaint_panel, register_product_panels

        from .frontline.policy import may_read_take_back_queue, on_front_line_today
        from .pulls import notifications as _pull_kinds  # noqa: F401  (each registers its kinds of notification,
        from .reports import notifications as _report_kinds  # noqa: F401  so the inbox and the preferences
        from .verdicts import notifications as _verdict_kinds  # noqa: F401  page know them in every process)
        from .work_orders import notifications as _work_order_kinds  # noqa: F401
        from .frontline.views import may_read_front_line_report, take_back_panel
        from .pulls.selectors import open_pull_of_complaint, pull_page_url
        from .pulls.views import complaint_panel, product_panels
        from .reports.policy import may_read_reports, may_read_weekly_report
        from .work_orders.policy import is_back_office
        from .work_orders.services import refuse_relist_while_pulled

        # A pulled product or partner comes back only when its pull's work orders are closed.
        register_relist_guard(refuse_relist_while_pulled)

        # The cord beside a complaint and on a product's console page.
        register_complaint_panel(complaint_panel)
        register_product_panels(product_panels)

        # The console queue says "on pull #7" (with a link) for complaints already on an open pull.
        register_open_pull_source(open_pull_of_complaint, pull_page_url)

        # A manager on their front-line day works the console as an agent (and so may pull the
        # cord: andon.pulls.policy.may_pull), and may mark a complaint's problem "take back".
        register_extra_console_users(on_front_line_today)
        register_complaint_panel(take_back_panel)

        # Staff navigation: the board for everyone in the console, the queues for the back office,
        # the reports for those who read them.
        register_staff_link(StaffLink(
            url_name="andon:board", label=_("Andon board"), shown_to=lambda user: True,
            testids={"console": "nav-board", "admin": ""},
            description=_("Every open pull, its age and the sales at stake, live."),
        ))
        register_staff_link(StaffLink(
            url_name="work:queue", label=_("Work orders"), shown_to=is_back_office,
            testids={"header": "work-orders-link", "console": "nav-work-orders", "admin": ""},
            description=_("Your departments' queues, overdue first."),
        ))
        register_staff_link(StaffLink(
            url_name="bonuses:statement", label=_("Bonus statement"), shown_to=lambda user: True,
            testids={"console": "nav-bonus-statement", "admin": "admin-bonus-statement"},
            description=_("Your andon bonuses this month: accrued, approved, paid; managers read their teams' agents."),
        ))
        register_staff_link(StaffLink(
            url_name="reports:relist-rate", label=_("Relist rate"), shown_to=may_read_reports,
            testids={"admin": "admin-relist-rate"},
            description=_("Targets relisted / targets pulled, by supplier, partner cohort and category."),
        ))
        register_staff_link(StaffLink(
            url_name="admin:andon_weekly_report", label=_("Weekly andon report"), shown_to=may_read_weekly_report,
            testids={"admin": "admin-weekly-report"},
            description=_("The Monday review: bad-pull rate per team against the target, 12-week trends, backlogs."),
        ))
        register_staff_link(StaffLink(
            url_name="reports:pareto", label=_("Pareto of causes"), shown_to=may_read_reports,
            testids={"admin": ""},
            description=_("Root-cause categories and issue codes over a period; overdue corrective actions."),
        ))
        register_staff_link(StaffLink(
            url_name="frontline:take-back", label=_("Take-back items"), shown_to=may_read_take_back_queue,
            testids={"header": "take-back-link", "admin": ""},
            description=_("Problems managers took back from their front-line day, for your departments."),
        ))
        register_staff_link(StaffLink(
            url_name="frontline:report", label=_("The front line"), shown_to=may_read_front_line_report,
            testids={"admin": ""},
            description=_("Who is overdue for their front-line day, and the open take-back items."),
        ))
