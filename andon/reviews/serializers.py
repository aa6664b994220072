"""Root-cause reviews in the API."""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from flywheel.serializers import SlugReference

from .models import CorrectiveAction, RootCauseReview, WhyStep


def _one_of(choices, text=gettext_lazy("One of: {values}.")):
    return format_lazy(text, values=", ".join(value for value, _label in choices))



# --- Root-cause reviews ---------------------------------------------------------------------


class WhyStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = WhyStep
        fields = ["position", "question", "answer"]
        read_only_fields = ["position"]


class CorrectiveActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username")
    status = serializers.CharField(help_text=_one_of(CorrectiveAction.Status.choices))
    review = serializers.IntegerField(source="review_id")
    pull = serializers.IntegerField(source="review.pull_id")
    overdue = serializers.SerializerMethodField(help_text=gettext_lazy("Not done and past its due date."))

    class Meta:
        model = CorrectiveAction
        fields = ["id", "review", "pull", "description", "owner", "due_on", "status", "overdue"]
        read_only_fields = fields

    def get_overdue(self, action: CorrectiveAction) -> bool:
        return action.is_overdue(timezone.localdate())


# The docstring below is the OpenAPI description (kept byte-identical); the module it names is now andon.reviews.api.
class ReviewSerializer(serializers.ModelSerializer):
    """A review; the queryset must come from `andon.api_work.reviews` (joins and prefetches)."""

    pull = serializers.IntegerField(source="pull_id")
    owner = serializers.CharField(source="owner.username", allow_null=True, default=None)
    state = serializers.CharField(help_text=_one_of(RootCauseReview.State.choices))
    cause_category = serializers.CharField(
        help_text=_one_of(RootCauseReview.CauseCategory.choices, gettext_lazy("Empty until set; then one of: {values}."))
    )
    whys = WhyStepSerializer(many=True, read_only=True)
    actions = CorrectiveActionSerializer(many=True, read_only=True)

    class Meta:
        model = RootCauseReview
        fields = ["id", "pull", "owner", "state", "cause_category", "root_cause", "opened_at", "completed_at", "whys", "actions"]
        read_only_fields = fields


class AddWhySerializer(serializers.Serializer):
    question = serializers.CharField(max_length=300, help_text=gettext_lazy("Why? Each step asks about the answer before it."))
    answer = serializers.CharField(help_text=gettext_lazy("Because..."))


class RootCauseSerializer(serializers.Serializer):
    cause_category = serializers.ChoiceField(choices=RootCauseReview.CauseCategory.choices)
    root_cause = serializers.CharField(help_text=gettext_lazy("The process-level cause the whys end at."))


class AddCorrectiveActionSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner = SlugReference(
        slug_field="username", queryset=get_user_model().objects.filter(is_active=True),
        help_text=gettext_lazy("The username of the person who will do it."),
        error_messages={"does_not_exist": gettext_lazy("No active user {value}.")},
    )
    due_on = serializers.DateField()
