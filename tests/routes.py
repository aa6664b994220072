"""Every URL pattern of the project, with sample arguments and whether a POST to it changes state.

Shared by the tests that walk the site: the CSRF walk (tests/invariants/test_csrf.py), and later
throttling and 500-hunting. `test_the_route_list_names_every_url_pattern` fails when a pattern is
added without a line here, so the walks never silently skip a new page.

Sample arguments only need to resolve: middleware (CSRF, throttling) answers before the view
looks anything up. A walk that needs real rows builds them and reverses with its own arguments.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, namespaced ("work:transition")
    kwargs: dict = field(default_factory=dict)
    changes_state: bool = False  # a POST to it writes something (or signs in or out)
    api: bool = False  # a DRF endpoint: CSRF is DRF's (SessionAuthentication), not the middleware's


def _r(name, changes_state=False, **kwargs):
    return Route(name=name, kwargs=kwargs, changes_state=changes_state)


def _api(name, changes_state=False, **kwargs):
    return Route(name=name, kwargs=kwargs, changes_state=changes_state, api=True)


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
    _api("api-cart"),
    _api("api-cart-items", changes_state=True),
    _api("api-cart-item", changes_state=True, sku="BOOK-1"),
    _api("api-orders", changes_state=True),
    _api("api-order", number="A0000000000001"),
    _api("api-complaints", changes_state=True),
    _api("api-complaint", pk=1),
    _api("api-pulls", changes_state=True),
    _api("api-pull", pk=1),
    _api("api-warnings", changes_state=True),
    _api("api-work-orders"),
    _api("api-work-order", pk=1),
    _api("api-work-order-start", changes_state=True, pk=1),
    _api("api-work-order-resolve", changes_state=True, pk=1),
    _api("api-work-order-confirm", changes_state=True, pk=1),
    _api("api-work-order-cancel", changes_state=True, pk=1),
    _api("api-review", pk=1),
    _api("api-review-whys", changes_state=True, pk=1),
    _api("api-review-root-cause", changes_state=True, pk=1),
    _api("api-review-actions", changes_state=True, pk=1),
    _api("api-review-complete", changes_state=True, pk=1),
    _api("api-report-relist-rate"),
    _api("api-report-pareto"),
    _api("api-unknown-address"),
    _api("api-schema"),
    _api("api-docs"),
    # The agent console.
    _r("tickets:queue"),
    _r("tickets:complaint-new", changes_state=True),
    _r("tickets:complaint", pk=1),
    _r("tickets:complaint-compensate", changes_state=True, pk=1),
    _r("tickets:complaint-transition", changes_state=True, pk=1, verb="resolve"),
    _r("tickets:product", sku="BOOK-1"),
    # The cord.
    _r("andon:complaint-pull", changes_state=True, pk=1),
    _r("andon:complaint-warn", changes_state=True, pk=1),
    _r("andon:product-pull", changes_state=True, sku="BOOK-1"),
    _r("andon:product-warn", changes_state=True, sku="BOOK-1"),
    _r("andon:board"),
    _r("andon:board-live"),
    # Customers reporting a problem with an order.
    _r("selfservice:report-problem", changes_state=True, number="A0000000000001"),
    _r("selfservice:problem-reported", number="A0000000000001", complaint_id=1),
    # Reports.
    _r("reports:relist-rate"),
    _r("reports:pareto"),
    # The back office.
    _r("work:queue"),
    _r("work:work-order", pk=1),
    _r("work:supplier-answer", changes_state=True, pk=1, complaint_pk=1),
    _r("work:attachment-upload", changes_state=True, pk=1),
    _r("work:attachment", pk=1, attachment_pk=1),
    _r("work:transition", changes_state=True, pk=1, verb="start"),
    _r("work:review", pk=1),
    _r("work:review-why", changes_state=True, pk=1),
    _r("work:review-cause", changes_state=True, pk=1),
    _r("work:review-action", changes_state=True, pk=1),
    _r("work:review-action-status", changes_state=True, pk=1, action_pk=1),
    _r("work:review-complete", changes_state=True, pk=1),
    # The storefront and accounts.
    _r("members:catalog"),
    _r("members:product", sku="BOOK-1"),
    _r("members:cart"),
    _r("members:cart-add", changes_state=True, sku="BOOK-1"),
    _r("members:cart-update", changes_state=True, sku="BOOK-1"),
    _r("members:cart-remove", changes_state=True, sku="BOOK-1"),
    _r("members:checkout", changes_state=True),
    _r("members:orders"),
    _r("members:order-detail", number="A0000000000001"),
    _r("members:partners"),
    _r("members:partner", pk=1),
    _r("members:notifications"),
    _r("members:notifications-read-all", changes_state=True),
    _r("members:notification-open", changes_state=True, pk=1),
    _r("members:signup", changes_state=True),
    _r("members:login", changes_state=True),
    _r("members:logout", changes_state=True),
    _r("members:password-reset", changes_state=True),
    _r("members:password-reset-done"),
    _r("members:password-reset-confirm", changes_state=True, uidb64="MQ", token="set-password"),
    _r("members:password-reset-complete"),
    # Admin pages whose POST moves state (actions call services); the rest of the admin is its own site.
    _r("admin:andon_workorder_changelist", changes_state=True),
    _r("admin:members_order_changelist", changes_state=True),
    _r("admin:tickets_complaint_changelist", changes_state=True),
    _r("admin:flywheel_product_changelist", changes_state=True),
]

# Views exempt from the CSRF middleware, and why. Nothing else may be.
CSRF_EXEMPT_BY_DESIGN = {
    "api": "DRF views: SessionAuthentication enforces CSRF itself for a signed-in browser; a token needs none",
}
