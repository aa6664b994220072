"""The inbox pages: list, open one, mark all read, and how each kind of message reaches the user."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..access import safe_next
from ..paging import page_range
from .forms import EmailPreferencesForm
from .selectors import email_preferences_of, inbox_of
from .services import mark_all_read, mark_read, set_email_preferences

NOTIFICATIONS_PAGE_SIZE = 20


@login_required
@require_GET
def notifications(request):
    page = Paginator(inbox_of(request.user), NOTIFICATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/notifications.html", {"page": page, "page_range": page_range(page)})


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and follow its link (a path on this site only)."""
    notification = get_object_or_404(inbox_of(request.user), pk=pk)  # someone else's is a 404
    mark_read(notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(link)
    return redirect(safe_next(request, reverse("members:notifications")))


@login_required
@require_POST
def notifications_read_all(request):
    count = mark_all_read(recipient=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "Marked %(count)d notification as read.", "Marked %(count)d notifications as read.", count
            ) % {"count": count},
        )
    else:
        messages.info(request, _("Everything was read already."))
    return redirect(safe_next(request, reverse("members:notifications")))


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    """Per kind of message: in the app only, or by e-mail too; kinds that always e-mail are listed apart."""
    preferences = email_preferences_of(request.user)
    form = EmailPreferencesForm(request.POST or None, preferences=preferences)
    if request.method == "POST":
        if form.is_valid():
            changed = set_email_preferences(user=request.user, by_email=form.by_email())
            if changed:
                messages.success(request, _("Your notification preferences are saved."))
            else:
                messages.info(request, _("Nothing changed: your preferences were already these."))
            return redirect("members:notification-preferences")
        messages.error(request, _("Please choose how each kind of message reaches you."))
    always = [kind for kind, _by_email in preferences if kind.always_email]
    return render(
        request,
        "members/notification_preferences.html",
        {"form": form, "always_by_email": always},
        status=400 if form.is_bound else 200,
    )
