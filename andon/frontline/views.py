"""Pages of the front line: my front-line day, the take-back queue, the weekly section, and the
"take back" panel on the console's complaint page (registered in tickets.panels by AndonConfig.ready).

Refusals from the services become a message on the page, never a server error.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from flywheel.errors import DomainError
from members.access import safe_next, send_to_sign_in
from members.roles import Role, has_role
from tickets.console.selectors import complaint_for_console

from . import policy, selectors, services
from .forms import CloseItemForm, DayForm, QueueFilterForm, TakeBackForm
from .models import FrontLineDay, TakeBackItem


def allowed_if(predicate, *, denied):
    """Guard a page with a policy answer: sign in first, else 403 with `denied` (a lazy string)."""

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return send_to_sign_in(request)
            if not predicate(request.user):
                raise PermissionDenied(str(denied))
            return view(request, *args, **kwargs)

        return guarded

    return decorator


managing_required = allowed_if(policy.is_managing, denied=gettext_lazy("The front-line day is for managing staff."))
queue_required = allowed_if(
    policy.may_read_take_back_queue, denied=gettext_lazy("Take-back queues are for the managing departments' staff.")
)


def may_read_front_line_report(user) -> bool:
    """The weekly front-line section: executives, customer-service managers and managing staff."""
    return has_role(user, Role.EXECUTIVE, Role.MANAGER) or policy.is_managing(user)


report_required = allowed_if(may_read_front_line_report, denied=gettext_lazy("The front-line report is for managing staff."))


# --- My front-line day ------------------------------------------------------------------------


def _day_of(request, pk: int) -> FrontLineDay:
    # Scoped to the days this user may act on: their own, or ones they may schedule.
    day = FrontLineDay.objects.select_related("staff").filter(pk=pk).first()
    if day is None or not policy.may_schedule_day(request.user, day.staff):
        raise Http404(_("No front-line day with this number."))
    return day


@managing_required
@require_GET
def my_front_line_day(request):
    user = request.user
    scheduled = selectors.scheduled_day_of(user)
    return render(request, "andon/frontline/my_day.html", {
        "due_on": policy.front_line_due_on(user),
        "today": timezone.localdate(),
        "scheduled": scheduled,
        "days": list(selectors.my_days(user)[:20]),
        "form": DayForm(initial={"scheduled_on": scheduled.scheduled_on if scheduled else timezone.localdate()}),
        "my_items": list(selectors.take_back_items().filter(owner=user, status=TakeBackItem.Status.OPEN).order_by("due_on", "id")),
    })


@managing_required
@require_POST
def schedule_my_day(request):
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of the front-line day."))
        return redirect("frontline:my-day")
    on = form.cleaned_data["scheduled_on"]
    scheduled = selectors.scheduled_day_of(request.user)
    try:
        if scheduled is None:
            services.schedule_front_line_day(staff=request.user, on=on, actor=request.user)
        else:
            services.reschedule_front_line_day(day=scheduled, on=on, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your front-line day is on %(date)s.") % {"date": on.isoformat()})
    return redirect("frontline:my-day")


DAY_VERBS = {
    "worked": (services.mark_front_line_day_worked, gettext_lazy("The front-line day is marked worked.")),
    "cancel": (services.cancel_front_line_day, gettext_lazy("The front-line day is cancelled.")),
}


@managing_required
@require_POST
def day_transition(request, pk: int, verb: str):
    if verb not in DAY_VERBS:
        raise Http404(_("A front-line day cannot do that."))
    action, done = DAY_VERBS[verb]
    try:
        action(day=_day_of(request, pk), actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, str(done))
    return redirect(safe_next(request, reverse("frontline:my-day")))


# --- Take-back items --------------------------------------------------------------------------


@queue_required
@require_GET
def take_back_queue(request):
    filters = QueueFilterForm(request.GET or None)
    status = filters.status_asked()
    today = timezone.localdate()
    items = list(selectors.take_back_queue(user=request.user, status=status))
    return render(request, "andon/frontline/take_back_queue.html", {
        "filters": filters,
        "status": status,
        "rows": [selectors.TakeBackRow(item=item, overdue=item.due_on < today) for item in items],
        "departments": [label for value, label in TakeBackItem._meta.get_field("department").choices
                        if policy.sees_every_department(request.user) or value in policy.departments_of(request.user)],
        "open": status == TakeBackItem.Status.OPEN,
    })


ITEM_VERBS = {
    "done": (services.finish_take_back_item, gettext_lazy("Take-back item #%(id)s is done.")),
    "dropped": (services.drop_take_back_item, gettext_lazy("Take-back item #%(id)s is dropped.")),
}


@queue_required
@require_POST
def take_back_item_transition(request, pk: int, verb: str):
    if verb not in ITEM_VERBS:
        raise Http404(_("A take-back item cannot do that."))
    # Scoped to the items this user's departments see (every one for executives).
    item = selectors.take_back_queue(user=request.user, status=TakeBackItem.Status.OPEN).filter(pk=pk).first()
    if item is None:
        item = selectors.take_back_items().filter(pk=pk, owner=request.user).first()
    if item is None:
        raise Http404(_("No take-back item with this number in your queues."))
    form = CloseItemForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    action, done = ITEM_VERBS[verb]
    try:
        action(item=item, actor=request.user, note=note)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done % {"id": item.pk})
    return redirect(safe_next(request, reverse("frontline:take-back")))


@allowed_if(policy.may_take_back, denied=gettext_lazy("Take-back items are marked by managers on their front-line day."))
@require_POST
def complaint_take_back(request, pk: int):
    complaint = complaint_for_console(pk=pk)
    if complaint is None:
        raise Http404(_("No complaint with this number."))
    form = TakeBackForm(request.POST)
    try:
        item = services.take_back(complaint=complaint, actor=request.user, what=form.data.get("what", ""))
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Taken back: item #%(id)s, due %(due)s, in the %(department)s queue.") % {
            "id": item.pk, "due": item.due_on.isoformat(), "department": item.get_department_display(),
        })
    return redirect(safe_next(request, reverse("tickets:complaint", args=[complaint.pk])))


def take_back_panel(request, complaint) -> str:
    """The "take back" form beside a complaint, for a manager on their front-line day (nothing for anyone else)."""
    if not policy.may_take_back(request.user):
        return ""
    taken = list(selectors.take_back_items().filter(complaint=complaint, owner=request.user).order_by("id"))
    return get_template("andon/frontline/_take_back_panel.html").render({
        "complaint": complaint,
        "taken": taken,
        "form": TakeBackForm(),
        "csrf_token": get_token(request),
        "next": request.get_full_path(),
        "request": request,
        "user": request.user,
    })


# --- The weekly section, as a staff page ------------------------------------------------------


@report_required
@require_GET
def front_line_report(request):
    as_of = timezone.localdate()
    return render(request, "andon/frontline/report.html", {
        "as_of": as_of,
        "front_line_overdue": selectors.front_line_overdue(as_of=as_of),
        "open_take_back_items": selectors.open_take_back_items(as_of=as_of),
    })
