"""Every URL pattern of the project, with sample arguments and whether a POST to it changes state.

Shared by the tests that walk the site: the CSRF walk (tests/invariants/test_csrf.py), the walk
that sends unreadable input to every route (tests/invariants/test_no_server_error.py), and later
the permission matrix. `test_the_route_list_names_every_url_pattern` fails when a pattern is
added without a line here, so the walks never silently skip a new page.

Sample arguments only need to resolve: middleware (CSRF, throttling) answers before the view
looks anything up. A walk that needs real rows builds them and reverses with its own arguments.
"""

from dataclasses import dataclass, field

from andon.reports.policy import REPORT_ROLES
from andon.work_orders.policy import BACK_OFFICE_ROLES
from members.partners.policy import PARTNER_LISTING_ROLES
from members.roles import STAFF_ROLES, Role

# Who may reach a route: ANONYMOUS is anyone, signed out included; MEMBER any signed-in user; the
# staff roles are the groups of members.roles.Role; SUPERUSER only a superuser (who reaches all).
ANONYMOUS, MEMBER, SUPERUSER = "anonymous", "member", "superuser"
ANYONE = (ANONYMOUS,)
SIGNED_IN = (MEMBER,)
STAFF = STAFF_ROLES
FRONT_LINE = (Role.AGENT, Role.MANAGER)  # the console and the cord
REPORTS = REPORT_ROLES
BACK_OFFICE = BACK_OFFICE_ROLES
PARTNER_LISTING = PARTNER_LISTING_ROLES
# The front-line day's pages: managing staff (a customer-service manager first; see andon.frontline.policy).
MANAGING = (Role.MANAGER, Role.VENDOR_MANAGER, Role.EXECUTIVE)
VERDICT_READERS = (Role.MANAGER, Role.EXECUTIVE)  # verdicts, their queue and second opinions


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, namespaced ("work:transition")
    kwargs: dict = field(default_factory=dict)
    changes_state: bool = False  # a POST to it writes something (or signs in or out)
    api: bool = False  # a DRF endpoint: CSRF is DRF's (SessionAuthentication), not the middleware's
    roles: tuple[str, ...] = ANYONE  # who may reach it (see above); a walk signs in as the first


def _r(name, changes_state=False, roles=ANYONE, **kwargs):
    return Route(name=name, kwargs=kwargs, changes_state=changes_state, roles=tuple(roles))


def _api(name, changes_state=False, roles=ANYONE, **kwargs):
    return Route(name=name, kwargs=kwargs, changes_state=changes_state, api=True, roles=tuple(roles))


# Third-party sites that bring their own URL conf and their own CSRF protection (the admin's
# csrf_protect, django-rq's staff views behind the middleware), and media files in development.
NOT_LISTED_PREFIXES = ("admin/", "django-rq/", "^media/")

ROUTES: list[Route] = [
    _r("healthz"),
    _r("set_language", changes_state=True),
    # The API (api/v1/, through config.api_urls), the schema and its docs.
    _api("api-products"),
    _api("api-product", sku="BOOK-1"),
    _api("api-categories"),
    _api("api-partners"),
    _api("api-managed-partners", roles=PARTNER_LISTING),
    _api("api-managed-partner-publish", roles=PARTNER_LISTING, changes_state=True, pk=1),
    _api("api-managed-partner-retire", roles=PARTNER_LISTING, changes_state=True, pk=1),
    _api("api-cart", roles=SIGNED_IN),
    _api("api-cart-items", roles=SIGNED_IN, changes_state=True),
    _api("api-cart-item", roles=SIGNED_IN, changes_state=True, sku="BOOK-1"),
    _api("api-orders", roles=SIGNED_IN, changes_state=True),
    _api("api-my-reports", roles=SIGNED_IN),
    _api("api-my-report", roles=SIGNED_IN, pk=1),
    _api("api-my-report-messages", roles=SIGNED_IN, changes_state=True, pk=1),
    _api("api-order", roles=SIGNED_IN, number="A0000000000001"),
    _api("api-complaints", roles=FRONT_LINE, changes_state=True),
    _api("api-complaint", roles=FRONT_LINE, pk=1),
    _api("api-pulls", roles=STAFF, changes_state=True),
    _api("api-pull", roles=STAFF, pk=1),
    _api("api-warnings", roles=FRONT_LINE, changes_state=True),
    _api("api-work-orders", roles=STAFF),
    _api("api-work-order", roles=STAFF, pk=1),
    _api("api-work-order-start", roles=STAFF, changes_state=True, pk=1),
    _api("api-work-order-resolve", roles=STAFF, changes_state=True, pk=1),
    _api("api-work-order-confirm", roles=STAFF, changes_state=True, pk=1),
    _api("api-work-order-cancel", roles=STAFF, changes_state=True, pk=1),
    _api("api-work-order-send-back", roles=STAFF, changes_state=True, pk=1),
    _api("api-bonuses-mine", roles=STAFF),
    _api("api-bonuses-team", roles=(Role.MANAGER, Role.EXECUTIVE)),
    _api("api-bonus-statement", roles=STAFF),
    _api("api-bonuses-approve", roles=(Role.MANAGER, Role.EXECUTIVE), changes_state=True),
    _api("api-payroll-batches", roles=(Role.EXECUTIVE,), changes_state=True),
    _api("api-payroll-batch-export", roles=(Role.EXECUTIVE,), pk=1),
    _api("api-payroll-batch-confirm-paid", roles=(Role.EXECUTIVE,), changes_state=True, pk=1),
    _api("api-review", roles=STAFF, pk=1),
    _api("api-verdict-queue", roles=VERDICT_READERS),
    _api("api-pull-verdict", roles=VERDICT_READERS, changes_state=True, pk=1),
    _api("api-pull-verdict-correct", roles=VERDICT_READERS, changes_state=True, pk=1),
    _api("api-second-opinions", roles=VERDICT_READERS),
    _api("api-second-opinion-answer", roles=VERDICT_READERS, changes_state=True, pk=1),
    _api("api-review-whys", roles=STAFF, changes_state=True, pk=1),
    _api("api-review-root-cause", roles=STAFF, changes_state=True, pk=1),
    _api("api-review-actions", roles=STAFF, changes_state=True, pk=1),
    _api("api-review-complete", roles=STAFF, changes_state=True, pk=1),
    _api("api-report-relist-rate", roles=REPORTS),
    _api("api-report-pareto", roles=REPORTS),
    _api("api-front-line-day", roles=MANAGING, changes_state=True),
    _api("api-take-back-items", roles=MANAGING),
    _api("api-take-back-item", roles=MANAGING, changes_state=True, pk=1),
    _api("api-report-weekly", roles=(Role.MANAGER, Role.EXECUTIVE)),
    _api("api-unknown-address"),
    _api("api-schema"),
    _api("api-docs"),
    # The agent console.
    _r("tickets:queue", roles=FRONT_LINE),
    _r("tickets:complaint-new", roles=FRONT_LINE, changes_state=True),
    _r("tickets:complaint", roles=FRONT_LINE, pk=1),
    _r("tickets:complaint-compensate", roles=FRONT_LINE, changes_state=True, pk=1),
    _r("tickets:complaint-message", roles=FRONT_LINE, changes_state=True, pk=1),
    _r("tickets:complaint-transition", roles=FRONT_LINE, changes_state=True, pk=1, verb="resolve"),
    _r("tickets:complaint-assign", roles=FRONT_LINE, changes_state=True, pk=1),
    _r("tickets:complaint-ask-approval", roles=FRONT_LINE, changes_state=True, pk=1),
    _r("tickets:approvals", roles=(Role.MANAGER,)),
    _r("tickets:approval-approve", roles=(Role.MANAGER,), changes_state=True, pk=1),
    _r("tickets:approval-decline", roles=(Role.MANAGER,), changes_state=True, pk=1),
    _r("tickets:product", roles=FRONT_LINE, sku="BOOK-1"),
    # The cord.
    _r("andon:complaint-pull", roles=FRONT_LINE, changes_state=True, pk=1),
    _r("andon:complaint-warn", roles=FRONT_LINE, changes_state=True, pk=1),
    _r("andon:product-pull", roles=FRONT_LINE, changes_state=True, sku="BOOK-1"),
    _r("andon:product-warn", roles=FRONT_LINE, changes_state=True, sku="BOOK-1"),
    _r("andon:board", roles=STAFF),
    _r("verdicts:page", roles=VERDICT_READERS, changes_state=True, pk=1),
    _r("andon:board-live", roles=STAFF),
    _r("andon:pull", roles=STAFF, pk=1),
    # The managers' day at the front line, and take-back items.
    _r("frontline:my-day", roles=MANAGING),
    _r("frontline:schedule", roles=MANAGING, changes_state=True),
    _r("frontline:report", roles=MANAGING),
    _r("frontline:day-transition", roles=MANAGING, changes_state=True, pk=1, verb="worked"),
    _r("frontline:take-back", roles=MANAGING),
    _r("frontline:take-back-transition", roles=MANAGING, changes_state=True, pk=1, verb="done"),
    _r("frontline:complaint-take-back", roles=MANAGING, changes_state=True, pk=1),
    # Customers reporting a problem with an order.
    _r("selfservice:report-problem", roles=SIGNED_IN, changes_state=True, number="A0000000000001"),
    _r("selfservice:problem-reported", roles=SIGNED_IN, number="A0000000000001", complaint_id=1),
    _r("selfservice:reports", roles=SIGNED_IN),
    _r("selfservice:report", roles=SIGNED_IN, changes_state=True, complaint_id=1),
    _r("selfservice:photo", roles=SIGNED_IN, pk=1),
    # Reports.
    _r("bonuses:statement", roles=STAFF),
    _r("bonuses:statement-csv", roles=STAFF),
    _r("reports:relist-rate", roles=REPORTS),
    _r("reports:pareto", roles=REPORTS),
    # The back office.
    _r("work:queue", roles=BACK_OFFICE),
    _r("work:work-order", roles=STAFF, pk=1),
    _r("work:supplier-answer", roles=STAFF, changes_state=True, pk=1, complaint_pk=1),
    _r("work:attachment-upload", roles=STAFF, changes_state=True, pk=1),
    _r("work:attachment", roles=STAFF, pk=1, attachment_pk=1),
    _r("work:transition", roles=STAFF, changes_state=True, pk=1, verb="start"),
    _r("work:follow-up", roles=STAFF, changes_state=True, pk=1),
    _r("work:review", roles=STAFF, pk=1),
    _r("work:review-why", roles=STAFF, changes_state=True, pk=1),
    _r("work:review-cause", roles=STAFF, changes_state=True, pk=1),
    _r("work:review-action", roles=STAFF, changes_state=True, pk=1),
    _r("work:review-action-status", roles=STAFF, changes_state=True, pk=1, action_pk=1),
    _r("work:review-complete", roles=STAFF, changes_state=True, pk=1),
    # The storefront and accounts.
    _r("members:catalog"),
    _r("members:product", sku="BOOK-1"),
    _r("members:restock-ask", roles=SIGNED_IN, changes_state=True, sku="BOOK-1"),
    _r("members:restock-withdraw", roles=SIGNED_IN, changes_state=True, sku="BOOK-1"),
    _r("members:cart", roles=SIGNED_IN),
    _r("members:cart-add", roles=SIGNED_IN, changes_state=True, sku="BOOK-1"),
    _r("members:cart-update", roles=SIGNED_IN, changes_state=True, sku="BOOK-1"),
    _r("members:cart-remove", roles=SIGNED_IN, changes_state=True, sku="BOOK-1"),
    _r("members:checkout", roles=SIGNED_IN, changes_state=True),
    _r("members:orders", roles=SIGNED_IN),
    _r("members:order-detail", roles=SIGNED_IN, number="A0000000000001"),
    _r("members:order-pay", roles=SIGNED_IN, changes_state=True, number="A0000000000001"),
    _r("members:order-cancel", roles=SIGNED_IN, changes_state=True, number="A0000000000001"),
    _r("members:addresses", roles=SIGNED_IN, changes_state=True),
    _r("members:address-edit", roles=SIGNED_IN, changes_state=True, pk=1),
    _r("members:address-delete", roles=SIGNED_IN, changes_state=True, pk=1),
    _r("members:address-default", roles=SIGNED_IN, changes_state=True, pk=1),
    _r("members:partners"),
    _r("members:partner", pk=1),
    _r("members:notifications", roles=SIGNED_IN),
    _r("members:notifications-read-all", roles=SIGNED_IN, changes_state=True),
    _r("members:notification-open", roles=SIGNED_IN, changes_state=True, pk=1),
    _r("members:notification-preferences", roles=SIGNED_IN, changes_state=True),
    _r("members:signup", changes_state=True),
    _r("members:login", changes_state=True),
    _r("members:logout", changes_state=True),
    _r("members:password-reset", changes_state=True),
    _r("members:password-reset-done"),
    _r("members:password-reset-confirm", changes_state=True, uidb64="MQ", token="set-password"),
    _r("members:password-reset-complete"),
    # Admin pages whose POST moves state (actions call services); the rest of the admin is its own site.
    _r("admin:andon_workorder_changelist", roles=(SUPERUSER,), changes_state=True),
    _r("admin:members_order_changelist", roles=(SUPERUSER,), changes_state=True),
    _r("admin:tickets_complaint_changelist", roles=(SUPERUSER,), changes_state=True),
    _r("admin:flywheel_product_changelist", roles=(SUPERUSER,), changes_state=True),
    _r("admin:andon_frontlineday_changelist", roles=(SUPERUSER,), changes_state=True),
    _r("admin:andon_takebackitem_changelist", roles=(SUPERUSER,), changes_state=True),
]

# Views exempt from the CSRF middleware, and why. Nothing else may be.
CSRF_EXEMPT_BY_DESIGN = {
    "api": "DRF views: SessionAuthentication enforces CSRF itself for a signed-in browser; a token needs none",
}


def user_with(role: str):
    """A user who may reach a route open to `role` (None for ANONYMOUS), built from the factories."""
    from members.factories import UserFactory

    if role == ANONYMOUS:
        return None
    if role == SUPERUSER:
        return UserFactory(username="root", is_staff=True, is_superuser=True)
    if role == MEMBER:
        return UserFactory(username="walker")
    return UserFactory(username=f"walker-{role}", is_staff=True, roles=[role])
