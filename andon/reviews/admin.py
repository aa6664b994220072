"""Root-cause reviews in the admin: read here, written on their own page through the review services."""


from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from flywheel.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import CorrectiveAction, RootCauseReview, WhyStep



class WhyStepInline(ReadOnlyInline):
    model = WhyStep
    fields = ["position", "question", "answer"]
    readonly_fields = fields


class CorrectiveActionInline(ReadOnlyInline):
    model = CorrectiveAction
    fields = ["description", "owner", "due_on", "status", "done_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")


@admin.register(RootCauseReview)
class RootCauseReviewAdmin(ReadOnlyAdmin):
    """Read here; written on the review page (/work/reviews/<id>/) through the review services."""

    list_display = ["id", "pull", "owner", "state", "cause_category", "why_count", "action_count", "opened_at", "completed_at"]
    list_filter = ["state", "cause_category", "opened_at"]
    search_fields = ["=pull__id", "owner__username", "root_cause"]
    list_select_related = ["pull", "owner"]
    fields = ["pull", "owner", "state", "cause_category", "root_cause", "opened_at", "completed_at"]
    readonly_fields = fields
    inlines = [WhyStepInline, CorrectiveActionInline]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            why_count=Count("whys", distinct=True), action_count=Count("actions", distinct=True)
        )

    @admin.display(description=_("whys"), ordering="why_count")
    def why_count(self, review: RootCauseReview) -> int:
        return review.why_count

    @admin.display(description=_("corrective actions"), ordering="action_count")
    def action_count(self, review: RootCauseReview) -> int:
        return review.action_count
