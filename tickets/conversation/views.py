"""The console's side of the conversation: an agent replies to the customer or leaves an internal note."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from flywheel.errors import DomainError

from ..complaints.models import Complaint
from ..console.views import console_access_required
from .forms import StaffMessageForm
from .models import ComplaintMessage
from .services import add_internal_note, reply_to_customer

DRAFT_KEY = "complaint-draft-{pk}"


@console_access_required
@require_POST
def write_message(request, pk: int):
    """Post a reply (the customer is told in-app and by e-mail) or an internal note, then back to the thread.

    A refused message keeps its text in the session, so the agent finds it again in the box.
    """
    # Complaints are a shared queue: every agent may write on every one, so the role check is the scope.
    complaint = get_object_or_404(Complaint, pk=pk)
    form = StaffMessageForm(request.POST)
    back = reverse("tickets:complaint", args=[complaint.pk]) + "#conversation"
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        request.session[DRAFT_KEY.format(pk=complaint.pk)] = request.POST.get("body", "")[:5000]
        return redirect(back)
    write = reply_to_customer if form.cleaned_data["kind"] == ComplaintMessage.Kind.REPLY else add_internal_note
    try:
        write(complaint=complaint, author=request.user, body=form.cleaned_data["body"])
    except DomainError as refusal:
        messages.error(request, refusal.message)
        request.session[DRAFT_KEY.format(pk=complaint.pk)] = form.cleaned_data["body"]
        return redirect(back)
    request.session.pop(DRAFT_KEY.format(pk=complaint.pk), None)
    if write is reply_to_customer:
        messages.success(request, _("Reply sent to the customer (in-app and by e-mail)."))
    else:
        messages.success(request, _("Internal note added. The customer does not see it."))
    return redirect(back)
