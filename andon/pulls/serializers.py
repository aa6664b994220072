"""Pulls and warnings as the API shows them, and the input that pulls the cord.

What to pull is named one of two ways: a complaint id (its target and issue code are used), or a
target kind, the target (a SKU, a partner id, a process code) and an issue code. A complaint or a
target that does not exist answers 400 with the field named, like every other reference in a body.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from flywheel.models import MONEY, Partner, Product
from flywheel.serializers import CurrencyField, SlugReference
from tickets.models import Complaint, IssueCode, Process
from tickets.complaints.serializers import TARGET_KIND_CHOICES, TargetSerializer

from .models import REASON_MAX_LENGTH, AndonPull, AndonWarning, PullComplaint

MAX_ID = 2**63 - 1  # the largest id a database column holds; a bigger number must be a 400, not a 500


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


class PullComplaintSerializer(serializers.ModelSerializer):
    """One complaint on a pull, and how it came to be there."""

    complaint = serializers.IntegerField(source="complaint_id", help_text=gettext_lazy("The complaint's id."))
    customer = serializers.CharField(source="complaint.customer.username")
    issue_code = serializers.CharField(source="complaint.issue_code.code")
    created_at = serializers.DateTimeField(source="complaint.created_at", help_text=gettext_lazy("When the complaint was filed."))
    how = serializers.ChoiceField(
        choices=PullComplaint.How.choices,
        help_text=gettext_lazy("pulled: the pull was made from it; met_rule: it met the rule when the cord was pulled; joined: a +1 brought it."),
    )
    attached_by = serializers.CharField(source="attached_by.username", allow_null=True)

    class Meta:
        model = PullComplaint
        fields = ["complaint", "customer", "issue_code", "created_at", "how", "attached_by", "attached_at"]
        read_only_fields = fields


class PullSerializer(serializers.ModelSerializer):
    """A pull; the queryset must come from `andon.api.pulls_with_counts` (targets joined, counts annotated)."""

    target = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=AndonPull.State.choices)
    issue_code = serializers.CharField(source="issue_code.code")
    pulled_by = serializers.CharField(source="pulled_by.username")
    gmv_at_stake = serializers.DecimalField(**MONEY)
    currency = CurrencyField()
    complaints = serializers.IntegerField(source="complaint_count", help_text=gettext_lazy("Complaints attached to the pull."))
    supporters = serializers.IntegerField(
        source="supporter_count", help_text=gettext_lazy("Distinct agents behind the pull: the puller and every +1.")
    )
    rule = serializers.JSONField(source="rule_snapshot", help_text=gettext_lazy("The complaints that met the rule when pulled."))
    attached_complaints = PullComplaintSerializer(
        source="pull_complaints", many=True,
        help_text=gettext_lazy("Every complaint on the pull, in the order attached: the points the supplier's answer must cover."),
    )

    class Meta:
        model = AndonPull
        fields = [
            "id", "state", "target", "issue_code", "reason", "pulled_by", "pulled_at", "rule_met", "rule",
            "gmv_at_stake", "currency", "complaints", "supporters", "attached_complaints",
        ]
        read_only_fields = fields

    @extend_schema_field(TargetSerializer)
    def get_target(self, pull: AndonPull) -> dict:
        return TargetSerializer(pull.target).data


class PullOutcomeSerializer(PullSerializer):
    joined = serializers.BooleanField(
        help_text=gettext_lazy("True when the target already had an open pull and this call joined it (+1).")
    )

    class Meta(PullSerializer.Meta):
        fields = [*PullSerializer.Meta.fields, "joined"]
        read_only_fields = fields


class PullQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=AndonPull.State.choices, required=False)


class WarningSerializer(serializers.ModelSerializer):
    target = serializers.SerializerMethodField()
    issue_code = serializers.CharField(source="issue_code.code")
    warned_by = serializers.CharField(source="warned_by.username")

    class Meta:
        model = AndonWarning
        fields = ["id", "target", "complaint", "issue_code", "reason", "warned_by", "warned_at"]
        read_only_fields = fields

    @extend_schema_field(TargetSerializer)
    def get_target(self, warning: AndonWarning) -> dict:
        return TargetSerializer(warning.target).data


def _reason_field():
    return serializers.CharField(
        max_length=REASON_MAX_LENGTH,
        help_text=gettext_lazy("One line, at most 200 characters."),
        error_messages={
            "required": gettext_lazy("Type one line saying why you pull the cord."),
            "blank": gettext_lazy("Type one line saying why you pull the cord."),
            "max_length": gettext_lazy("The reason is one line of at most {max_length} characters."),
        },
    )


class CordSerializer(serializers.Serializer):
    """Input shared by a pull and a warning; `validated_data` holds complaint or target + issue_code, and reason."""

    complaint = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=gettext_lazy("A complaint id: pull its target for its issue code.")
    )
    target_kind = serializers.ChoiceField(choices=TARGET_KIND_CHOICES, required=False)
    target = serializers.CharField(
        required=False, max_length=60, help_text=gettext_lazy("A product's SKU, a partner's id or a process's code.")
    )
    issue_code = SlugReference(
        slug_field="code", queryset=IssueCode.objects.all(), required=False,
        error_messages={"does_not_exist": gettext_lazy("No issue code {value}.")},
        help_text=gettext_lazy("With a complaint it defaults to the complaint's issue code."),
    )
    reason = _reason_field()

    def validate(self, attrs: dict) -> dict:
        if "complaint" in attrs:
            if "target_kind" in attrs or "target" in attrs:
                raise serializers.ValidationError(_("Name a complaint, or a target, not both."))
            complaint = Complaint.objects.select_related("product", "partner", "process", "issue_code").filter(
                pk=attrs["complaint"]
            ).first()
            if complaint is None:
                raise serializers.ValidationError({"complaint": [_("No complaint #%(id)s.") % {"id": attrs["complaint"]}]})
            attrs["complaint"] = complaint
            return attrs
        for field in ("target_kind", "target", "issue_code"):
            if field not in attrs:
                raise serializers.ValidationError(
                    {field: [_("Name a complaint, or a target_kind, target and issue_code.")]}
                )
        attrs["target"] = self._target(attrs.pop("target_kind"), attrs["target"])
        return attrs

    def _target(self, kind: str, ref: str):
        if kind == "product":
            found = Product.objects.filter(sku=ref).first()
        elif kind == "partner":
            found = Partner.objects.filter(pk=int(ref)).first() if _is_id(ref) else None
        else:
            found = Process.objects.filter(code=ref).first()
        if found is None:
            raise serializers.ValidationError(
                {"target": [_("No %(kind)s %(ref)s.") % {"kind": dict(TARGET_KIND_CHOICES)[kind], "ref": ref}]}
            )
        return found
