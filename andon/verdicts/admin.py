"""The verdict queue in the admin, and the verdicts and second opinions to read.

The pull list (andon.pulls.admin) mixes in `VerdictQueueMixin`: a filter "awaiting verdict", the
age of each pull, and two actions, "rule followed" and "bad pull…", that call the verdict
services one pull at a time; a refusal is a message naming the pull. Verdict rows are never typed
in or edited here: a correction is a new row, made on the verdict page.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from andon.pulls.models import Verdict
from flywheel.admin import ReadOnlyAdmin, apply_to_each
from members.roles import Role, has_role

from .forms import BadPullForm
from .models import PullVerdict, VerdictSecondOpinion
from .services import give_verdict


class VerdictFilter(admin.SimpleListFilter):
    title = _("verdict")
    parameter_name = "verdict"

    def lookups(self, request, model_admin):
        return [("awaiting", _("awaiting verdict")), *Verdict.choices]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(verdict="")
        if self.value() in Verdict.values:
            return queryset.filter(verdict=self.value())
        return queryset


def hours_since(moment) -> str:
    """An age for a list column: "5 h" under two days, else "3 d"."""
    hours = int((timezone.now() - moment).total_seconds() // 3600)
    return gettext("%(n)d h") % {"n": hours} if hours < 48 else gettext("%(n)d d") % {"n": hours // 24}


class VerdictQueueMixin:
    """The verdict queue's parts of the pull list; the services decide who may judge which pull."""

    @admin.display(description=_("age"), ordering="pulled_at")
    def age(self, pull):
        return hours_since(pull.pulled_at)

    @admin.display(description=_("verdict"), ordering="verdict")
    def verdict_link(self, pull):
        label = pull.get_verdict_display() if pull.verdict else gettext("awaiting verdict")
        if pull.verdict_category:
            label = f"{label} ({pull.get_verdict_category_display()})"
        return format_html('<a href="{}">{}</a>', reverse("verdicts:page", args=[pull.pk]), label)

    def has_verdict_permission(self, request) -> bool:
        return has_role(request.user, Role.MANAGER)

    def _judge(self, request, queryset, **verdict) -> None:
        apply_to_each(
            self, request, queryset, lambda pull: give_verdict(pull=pull, manager=request.user, **verdict),
            success_message=gettext("Gave the verdict on %(count)d pull(s)."), label=lambda pull: f"#{pull.pk} {pull.target}",
        )

    @admin.action(description=_("Verdict: rule followed"), permissions=["verdict"])
    def verdict_rule_followed(self, request, queryset):
        self._judge(request, queryset, outcome=Verdict.RULE_FOLLOWED)

    @admin.action(description=_("Verdict: bad pull…"), permissions=["verdict"])
    def verdict_bad_pull(self, request, queryset):
        form = BadPullForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._judge(request, queryset, outcome=Verdict.BAD_PULL, category=form.cleaned_data["category"], note=form.cleaned_data["note"])
            return None
        return TemplateResponse(
            request, "admin/andon/andonpull/bad_pull.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Bad pull"),
                "opts": self.model._meta,
                "form": form,
                "pulls": queryset.select_related("product", "partner", "process").order_by("pk"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(PullVerdict)
class PullVerdictAdmin(ReadOnlyAdmin):
    list_display = ["id", "pull", "outcome", "category", "given_by", "given_at", "current", "corrects"]
    list_filter = ["outcome", "category", "current", "given_at"]
    search_fields = ["pull__target_key", "given_by__username", "note", "correction_reason"]
    list_select_related = ["pull", "given_by", "corrects"]
    list_per_page = 50


@admin.register(VerdictSecondOpinion)
class VerdictSecondOpinionAdmin(ReadOnlyAdmin):
    list_display = ["id", "verdict", "reviewer", "iso_year", "iso_week", "agrees", "answered_at"]
    list_filter = ["iso_year", "iso_week", "agrees"]
    list_select_related = ["verdict", "reviewer"]
    list_per_page = 50
