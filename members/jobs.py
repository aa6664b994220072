"""The members app's scheduled jobs (see andon/cron.py): each takes no arguments and calls one service.

Above the sub-domains for the same reason as andon/jobs.py: the order services enqueue the
orders' own jobs, so those import no service.
"""

from django_rq import job

from .orders.selectors import stale_checkouts
from .orders.services import reconcile_checkout


@job("default")
def reconcile_stale_checkouts() -> dict[str, int]:
    """Ask the gateway about every checkout whose charge was never recorded, and finish each
    (every five minutes). Returns how many ended each way: "recorded", "declined", "not charged"."""
    outcomes: dict[str, int] = {}
    for order in stale_checkouts().select_related("customer").order_by("placed_at"):
        outcome = reconcile_checkout(order=order)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
