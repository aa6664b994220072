"""The verdicts in JSON: the queue's rows, the verdict and correction inputs, second opinions."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from andon.pulls.models import AndonPull, BadPullCategory, Verdict

from .models import PullVerdict, VerdictSecondOpinion
from .services import NOTE_MAX_LENGTH


class QueuedPullSerializer(serializers.ModelSerializer):
    target = serializers.SerializerMethodField()
    pulled_by = serializers.CharField(source="pulled_by.username")
    team = serializers.CharField(source="team.code", allow_null=True, default=None)
    age_hours = serializers.SerializerMethodField(help_text=gettext_lazy("Hours since the pull, one decimal."))

    class Meta:
        model = AndonPull
        fields = ["id", "target_kind", "target_key", "target", "reason", "pulled_by", "pulled_at", "team", "rule_met", "state", "age_hours"]

    def get_target(self, pull: AndonPull) -> str:
        return str(pull.target)

    def get_age_hours(self, pull: AndonPull) -> float:
        return round((self.context["now"] - pull.pulled_at).total_seconds() / 3600, 1)


class VerdictSerializer(serializers.ModelSerializer):
    given_by = serializers.CharField(source="given_by.username")

    class Meta:
        model = PullVerdict
        fields = ["id", "pull", "outcome", "category", "note", "given_by", "given_at", "current", "corrects", "correction_reason"]


class GiveVerdictSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Verdict.choices)
    category = serializers.ChoiceField(
        choices=BadPullCategory.choices, required=False, allow_blank=True, default="",
        help_text=gettext_lazy("Required for a bad pull; blank for rule followed."),
    )
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")


class CorrectVerdictSerializer(GiveVerdictSerializer):
    reason = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, error_messages={"blank": gettext_lazy("Say why the verdict is corrected.")},
    )


class SecondOpinionSerializer(serializers.ModelSerializer):
    pull = serializers.IntegerField(source="verdict.pull_id")
    outcome = serializers.CharField(source="verdict.outcome")
    category = serializers.CharField(source="verdict.category")
    given_by = serializers.CharField(source="verdict.given_by.username")

    class Meta:
        model = VerdictSecondOpinion
        fields = ["id", "pull", "verdict", "outcome", "category", "given_by", "iso_year", "iso_week", "requested_at", "agrees", "note", "answered_at"]


class AnswerSecondOpinionSerializer(serializers.Serializer):
    agrees = serializers.BooleanField()
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")
