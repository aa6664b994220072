"""Who hears about a compensation approval request, and what they are told (each in their language:
the texts are built per recipient). Every notification links to the page where its reader acts."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from members.notifications.services import chosen_language, notify
from members.roles import Role

from .models import CompensationRequest


def _request(request_id: int) -> CompensationRequest:
    return CompensationRequest.objects.select_related(
        "requested_by", "approver", "decided_by", "complaint__customer", "complaint__order_line__order"
    ).get(pk=request_id)


def approvers_of(request: CompensationRequest) -> list:
    """Its approver; for a request without one, every active customer-service manager but the agent who asked."""
    if request.approver_id is not None:
        return [request.approver] if request.approver.is_active else []
    return list(
        get_user_model().objects.filter(groups__name=Role.MANAGER, is_active=True).exclude(pk=request.requested_by_id).distinct()
    )


def _what(request: CompensationRequest) -> str:
    return _("%(kind)s of %(cost)s CNY") % {"kind": request.get_kind_display(), "cost": request.cost}


def announce_approval_asked(*, request_id: int) -> int:
    request = _request(request_id)

    def subject():
        return _("Approval asked: %(what)s on complaint #%(id)s") % {"what": _what(request), "id": request.complaint_id}

    def body():
        return _("%(agent)s asks you to approve it (above their daily limit). Note: %(note)s") % {
            "agent": request.requested_by.get_full_name() or request.requested_by.get_username(),
            "note": request.note or "-",
        }

    return notify(
        recipients=approvers_of(request), key=f"compensation-asked:{request.pk}", subject=subject, body=body,
        link=f"{reverse('tickets:approvals')}#request-{request.pk}",
    )


def announce_approval_decided(*, request_id: int) -> int:
    request = _request(request_id)
    approved = request.state == CompensationRequest.State.APPROVED
    manager = request.decided_by.get_full_name() or request.decided_by.get_username()

    def agent_subject():
        if approved:
            return _("Approved: %(what)s on complaint #%(id)s") % {"what": _what(request), "id": request.complaint_id}
        return _("Declined: %(what)s on complaint #%(id)s") % {"what": _what(request), "id": request.complaint_id}

    def agent_body():
        if approved:
            return _("%(manager)s approved it; the customer has it now.") % {"manager": manager}
        return _("%(manager)s declined it: %(reason)s") % {"manager": manager, "reason": request.decline_reason}

    sent = notify(
        recipients=[request.requested_by], key=f"compensation-decided:{request.pk}", subject=agent_subject,
        body=agent_body, link=f"{reverse('tickets:complaint', args=[request.complaint_id])}#compensation",
    )

    def customer_subject():
        if approved:
            return _("About your complaint #%(id)s: %(what)s granted") % {"id": request.complaint_id, "what": _what(request)}
        return _("About your complaint #%(id)s: we could not grant the %(what)s") % {"id": request.complaint_id, "what": _what(request)}

    def customer_body():
        if approved:
            return _("We are sorry for the trouble. Your %(what)s has been granted.") % {"what": _what(request)}
        return _("Our manager's reason: %(reason)s. Our customer service will contact you about what we can do.") % {
            "reason": request.decline_reason,
        }

    customer, line = request.complaint.customer, request.complaint.order_line
    if line is not None:
        # As the order's own notices: the language the customer chose, else the one they ordered in.
        link, languages = reverse("members:order-detail", args=[line.order.number]), {customer.pk: chosen_language(customer, line.order.language)}
    else:
        link, languages = reverse("members:notifications"), None
    return sent + notify(
        recipients=[customer], key=f"compensation-decided-customer:{request.pk}",
        subject=customer_subject, body=customer_body, link=link, languages=languages,
    )
