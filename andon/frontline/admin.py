"""Front-line days and take-back items in the admin: scheduled through the service, moved only by actions that call the services."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from flywheel.admin import ActionsOnlyAdmin, apply_to_each
from flywheel.errors import DomainError

from . import policy
from .models import FrontLineDay, TakeBackItem
from .selectors import managing_staff
from .services import (
    cancel_front_line_day,
    close_past_front_line_days,
    drop_take_back_item,
    finish_take_back_item,
    mark_front_line_day_worked,
    schedule_front_line_day,
)


class ScheduleDayForm(forms.ModelForm):
    """Add a front-line day: who and when. The rules (managing staff, not in the past, one scheduled
    day each, who may schedule) are the service's; it is asked here so a refusal is a form error."""

    class Meta:
        model = FrontLineDay
        fields = ["staff", "scheduled_on"]

    actor = None  # the signed-in user, set by FrontLineDayAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = managing_staff().order_by("username")

    def clean(self):
        data = super().clean()
        staff, on = data.get("staff"), data.get("scheduled_on")
        if staff is not None and on is not None:
            if not policy.is_managing(staff):
                raise forms.ValidationError(gettext("Only managing staff have a front-line day."))
            if on < timezone.localdate():
                raise forms.ValidationError(gettext("A front-line day cannot be scheduled in the past."))
            if not policy.may_schedule_day(self.actor, staff):
                raise forms.ValidationError(
                    gettext("Only the staff member, their department's lead or an executive schedules a front-line day.")
                )
            if FrontLineDay.objects.filter(staff=staff, state=FrontLineDay.State.SCHEDULED).exists():
                raise forms.ValidationError(
                    gettext("%(name)s already has a front-line day scheduled: move it instead.") % {"name": staff.get_username()}
                )
        return data


@admin.register(FrontLineDay)
class FrontLineDayAdmin(admin.ModelAdmin):
    list_display = ["staff", "scheduled_on", "state", "scheduled_by", "closed_at"]
    list_filter = ["state", "scheduled_on"]
    search_fields = ["staff__username", "staff__first_name", "staff__last_name"]
    list_select_related = ["staff", "scheduled_by"]
    date_hierarchy = "scheduled_on"
    actions = ["mark_worked_selected", "cancel_selected", "close_past_days"]
    list_per_page = 50

    def get_queryset(self, request):
        # Executives see every day; anyone else their own.
        days = super().get_queryset(request)
        if request.user.is_superuser or policy.sees_every_department(request.user):
            return days
        return days.filter(staff=request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = type("ScheduleDayFormFor", (ScheduleDayForm,), {"actor": request.user})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["staff", "scheduled_on", "state", "scheduled_by", "created_at", "closed_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["staff", "scheduled_on"]
        return ["staff", "scheduled_on", "state", "scheduled_by", "created_at", "closed_at"]

    def has_change_permission(self, request, obj=None):
        # The actions need it; a row itself never changes through its page.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            day = schedule_front_line_day(staff=obj.staff, on=obj.scheduled_on, actor=request.user)
        except DomainError as refusal:
            # Raced by another scheduling, or not the actor's to schedule: say so; nothing was written.
            self.message_user(request, refusal.message, messages.ERROR)
            obj.pk = None
            return
        obj.pk = day.pk

    def _apply(self, request, queryset, call, success_message: str) -> None:
        apply_to_each(self, request, queryset, lambda day: call(day=day), success_message=success_message)

    @admin.action(description=_("Mark selected front-line days worked"), permissions=["change"])
    def mark_worked_selected(self, request, queryset):
        self._apply(request, queryset, partial(mark_front_line_day_worked, actor=request.user), gettext("Marked %(count)d day(s) worked."))

    @admin.action(description=_("Cancel selected front-line days"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        self._apply(request, queryset, partial(cancel_front_line_day, actor=request.user), gettext("Cancelled %(count)d day(s)."))

    @admin.action(description=_("Close every past scheduled day now (worked or missed)"), permissions=["change"])
    def close_past_days(self, request, queryset):
        done = close_past_front_line_days()
        self.message_user(
            request, gettext("%(worked)d day(s) worked, %(missed)d missed.") % done, messages.SUCCESS,
        )


class DropForm(forms.Form):
    note = forms.CharField(label=_("Why it is dropped"), max_length=2000)


@admin.register(TakeBackItem)
class TakeBackItemAdmin(ActionsOnlyAdmin):
    # None added here: an item comes from a complaint, on its owner's front-line day.
    list_display = ["id", "what", "department", "owner", "complaint", "due_on", "status", "closed_by"]
    list_filter = ["status", "department"]
    search_fields = ["=id", "what", "owner__username", "=complaint__id"]
    list_select_related = ["owner", "complaint", "closed_by"]
    fields = ["what", "complaint", "owner", "department", "front_line_day", "due_on", "status", "closing_note", "created_at", "closed_at", "closed_by"]
    readonly_fields = fields
    actions = ["finish_selected", "drop_selected"]
    list_per_page = 50

    def get_queryset(self, request):
        # The same scope as the take-back page: the viewer's departments (every one for executives), and their own items.
        items = super().get_queryset(request)
        if request.user.is_superuser or policy.sees_every_department(request.user):
            return items
        return items.filter(Q(department__in=policy.departments_of(request.user)) | Q(owner=request.user))

    @admin.action(description=_("Mark selected take-back items done"), permissions=["change"])
    def finish_selected(self, request, queryset):
        apply_to_each(
            self, request, queryset, lambda item: finish_take_back_item(item=item, actor=request.user),
            success_message=gettext("Marked %(count)d item(s) done."),
        )

    @admin.action(description=_("Drop selected take-back items…"), permissions=["change"])
    def drop_selected(self, request, queryset):
        form = DropForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            apply_to_each(
                self, request, queryset,
                lambda item: drop_take_back_item(item=item, actor=request.user, note=form.cleaned_data["note"]),
                success_message=gettext("Dropped %(count)d item(s)."),
            )
            return None
        return TemplateResponse(request, "admin/andon/takebackitem/drop_form.html", {
            **self.admin_site.each_context(request),
            "title": gettext("Drop take-back items"),
            "opts": self.model._meta,
            "form": form,
            "items": queryset.order_by("pk"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })
