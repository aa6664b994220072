"""Who hears about a compensation approval request, and what they are told: kinds of notification,
written in the language each reader reads. Every notification links to the page where its reader acts."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _

from members.notifications.kinds import CUSTOMERS, MessageKind, in_each_language, register_kind
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


def _what(request: CompensationRequest) -> dict:
    """What was asked, e.g. "Refund of 30.00 CNY", as a parameter in each language."""
    return in_each_language(
        lambda: gettext("%(kind)s of %(cost)s CNY") % {"kind": request.get_kind_display(), "cost": request.cost}
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _customer_subject(params: dict) -> str:
    if params["approved"]:
        return str(_("About your complaint #%(id)s: %(what)s granted")) % params
    return str(_("About your complaint #%(id)s: we could not grant the %(what)s")) % params


def _customer_body(params: dict) -> str:
    if params["approved"]:
        return str(_("We are sorry for the trouble. Your %(what)s has been granted.")) % params
    return str(_("Our manager's reason: %(reason)s. Our customer service will contact you about what we can do.")) % params


COMPENSATION_ASKED = register_kind(MessageKind(
    name="compensation-asked",
    label=_("A compensation waiting for your approval"),
    help_text=_("An agent asks for a refund, coupon or replacement above their daily limit; you approve or decline it."),
    subject=_("Approval asked: %(what)s on complaint #%(id)s"),
    body=_("%(agent)s asks you to approve it (above their daily limit). Note: %(note)s"),
))
COMPENSATION_APPROVED = register_kind(MessageKind(
    name="compensation-approved",
    label=_("Your compensation request is approved"),
    help_text=_("A manager approved a compensation you asked for; the customer has it."),
    subject=_("Approved: %(what)s on complaint #%(id)s"),
    body=_("%(manager)s approved it; the customer has it now."),
))
COMPENSATION_DECLINED = register_kind(MessageKind(
    name="compensation-declined",
    label=_("Your compensation request is declined"),
    help_text=_("A manager declined a compensation you asked for, with the reason."),
    subject=_("Declined: %(what)s on complaint #%(id)s"),
    body=_("%(manager)s declined it: %(reason)s"),
))
COMPENSATION_DECIDED_CUSTOMER = register_kind(MessageKind(
    name="compensation-decided-customer",
    label=_("A decision on compensation for your complaint"),
    help_text=_("Whether the refund, coupon or replacement offered on your complaint was granted."),
    subject=_customer_subject,
    body=_customer_body,
    audience=CUSTOMERS,
))


def announce_approval_asked(*, request_id: int) -> int:
    """Tell the request's approvers (see approvers_of) that it waits for them. Returns how many were notified now."""
    request = _request(request_id)
    params = {
        "what": _what(request), "id": request.complaint_id, "agent": _name(request.requested_by), "note": request.note or "-",
    }
    return notify(
        recipients=approvers_of(request), key=f"compensation-asked:{request.pk}", kind=COMPENSATION_ASKED.name,
        params=params, link=f"{reverse('tickets:approvals')}#request-{request.pk}",
    )


def announce_approval_decided(*, request_id: int) -> int:
    """Tell the agent who asked, and the customer, how the request was decided. Returns how many were notified now."""
    request = _request(request_id)
    approved = request.state == CompensationRequest.State.APPROVED
    params = {
        "what": _what(request), "id": request.complaint_id, "manager": _name(request.decided_by),
        "reason": request.decline_reason, "approved": approved,
    }
    sent = notify(
        recipients=[request.requested_by], key=f"compensation-decided:{request.pk}",
        kind=(COMPENSATION_APPROVED if approved else COMPENSATION_DECLINED).name, params=params,
        link=f"{reverse('tickets:complaint', args=[request.complaint_id])}#compensation",
    )
    customer, line = request.complaint.customer, request.complaint.order_line
    if line is not None:
        # As the order's own notices: the language the customer chose, else the one they ordered in.
        link, languages = reverse("members:order-detail", args=[line.order.number]), {customer.pk: chosen_language(customer, line.order.language)}
    else:
        link, languages = reverse("members:notifications"), None
    # The customer's copy does not name the manager: only what was decided (and why, when declined).
    customer_params = {key: params[key] for key in ("what", "id", "reason", "approved")}
    return sent + notify(
        recipients=[customer], key=f"compensation-decided-customer:{request.pk}",
        kind=COMPENSATION_DECIDED_CUSTOMER.name, params=customer_params, link=link, languages=languages,
    )
