"""Teams in the admin: every write goes through members.teams.services, so each leaves its audit row.

A team is created or renamed on its page; memberships are added and ended in the inline (a row
once saved is never rewritten, except its end date); a move is an action on the memberships list.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from flywheel.errors import DomainError

from .models import Team, TeamMembership
from .services import add_member, create_team, end_membership, move_member, rename_team


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    fields = ["user", "started_on", "ended_on"]
    autocomplete_fields = ["user"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def get_readonly_fields(self, request, obj=None):
        # Who and from when are history; only the end date of a saved row may be set.
        return ["user", "started_on"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self.has_add_permission(request, obj)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "code", "manager", "cost_centre", "member_count", "active"]
    list_filter = ["active"]
    search_fields = ["name", "name_zh", "code", "manager__username"]
    list_select_related = ["manager"]
    autocomplete_fields = ["manager"]
    fields = ["name", "name_zh", "code", "manager", "cost_centre", "active"]
    inlines = [TeamMembershipInline]

    def get_queryset(self, request):
        today = timezone.localdate()
        current = Q(memberships__started_on__lte=today) & (Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gt=today))
        return super().get_queryset(request).annotate(member_count=Count("memberships", filter=current, distinct=True))

    @admin.display(description=_("members today"), ordering="member_count")
    def member_count(self, team: Team) -> int:
        return team.member_count

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False  # pulls point at teams: a team is made inactive, never deleted

    def save_model(self, request, obj, form, change):
        if change:
            saved = rename_team(
                team=obj, name=obj.name, name_zh=obj.name_zh, manager=obj.manager, cost_centre=obj.cost_centre,
                active=obj.active, actor=request.user,
            )
        else:
            saved = create_team(
                name=obj.name, name_zh=obj.name_zh, code=obj.code, manager=obj.manager, cost_centre=obj.cost_centre,
                actor=request.user,
            )
        obj.pk = saved.pk

    def save_formset(self, request, form, formset, change):
        # The admin's change message reads these; the services below do the saving.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or not inline_form.is_valid():
                continue
            row = inline_form.instance
            try:
                if row.pk is None:
                    add_member(team=form.instance, user=row.user, started_on=row.started_on, ended_on=row.ended_on, actor=request.user)
                elif "ended_on" in inline_form.changed_data and row.ended_on is not None:
                    end_membership(membership=row, ended_on=row.ended_on, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{row.user}: {exc.message}", messages.ERROR)


class MoveForm(forms.Form):
    to_team = forms.ModelChoiceField(label=_("Move to team"), queryset=Team.objects.filter(active=True))
    on = forms.DateField(label=_("From (the first day in the new team)"), widget=forms.DateInput(attrs={"type": "date"}))


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    """Memberships to read and filter; a move is an action (the old one ends, a new one starts the same day)."""

    list_display = ["user", "team", "started_on", "ended_on"]
    list_filter = ["team", "started_on"]
    search_fields = ["user__username", "team__name", "team__code"]
    list_select_related = ["user", "team"]
    actions = ["move_selected"]

    def has_add_permission(self, request):
        return False  # added on the team's page

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Move selected agents to another team…"), permissions=["change"])
    def move_selected(self, request, queryset):
        form = MoveForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, failures = 0, []
            for membership in queryset.select_related("user").order_by("pk"):
                try:
                    move_member(user=membership.user, to_team=form.cleaned_data["to_team"], on=form.cleaned_data["on"], actor=request.user)
                except DomainError as exc:
                    failures.append(f"{membership.user}: {exc.message}")
                else:
                    done += 1
            if done:
                self.message_user(request, gettext("Moved %(count)d agent(s).") % {"count": done}, messages.SUCCESS)
            for failure in failures:
                self.message_user(request, failure, messages.ERROR)
            return None
        return TemplateResponse(
            request, "admin/members/teammembership/move.html",
            {
                **self.admin_site.each_context(request), "title": gettext("Move agents to another team"), "opts": self.model._meta,
                "form": form, "rows": queryset.select_related("user", "team").order_by("pk"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )
