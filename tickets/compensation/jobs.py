"""Background jobs of compensation approvals: take ids, tell people, nothing else (safe to retry)."""

from django_rq import job

from .notifications import announce_approval_asked, announce_approval_decided


@job("notifications")
def notify_approval_asked(*, request_id: int) -> int:
    """Tell the approver (or every customer-service manager) that a request waits for them."""
    return announce_approval_asked(request_id=request_id)


@job("notifications")
def notify_approval_decided(*, request_id: int) -> int:
    """Tell the agent who asked and the customer what the manager decided."""
    return announce_approval_decided(request_id=request_id)
