"""Work orders in the API: what is read, and what a transition takes."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tickets.complaints.serializers import TargetSerializer

from .models import Department, WorkOrder


def _one_of(choices, text=gettext_lazy("One of: {values}.")):
    return format_lazy(text, values=", ".join(value for value, _label in choices))



# --- Work orders ----------------------------------------------------------------------------


class AnswerPointSerializer(serializers.Serializer):
    complaint = serializers.IntegerField(help_text=gettext_lazy("A complaint on the pull."))
    how = serializers.CharField(help_text=gettext_lazy("How it came to the pull: pulled, met_rule or joined."))
    answered = serializers.BooleanField(help_text=gettext_lazy("The supplier's answer to it is recorded."))


# The docstring below is the OpenAPI description (kept byte-identical); the module it names is now andon.work_orders.api.
class WorkOrderSerializer(serializers.ModelSerializer):
    """A work order; the queryset must come from `andon.api_work.work_orders_for` (joins and prefetches)."""

    pull = serializers.IntegerField(source="pull_id")
    target = serializers.SerializerMethodField()
    kind = serializers.CharField(help_text=_one_of(WorkOrder.Kind.choices))
    department = serializers.CharField(help_text=_one_of(Department.choices))
    state = serializers.CharField(help_text=_one_of(WorkOrder.State.choices))
    outcome = serializers.CharField(
        help_text=_one_of(WorkOrder.Outcome.choices, gettext_lazy("Empty until resolved; then one of: {values}."))
    )
    assignee = serializers.CharField(source="assignee.username", allow_null=True, default=None)
    overdue = serializers.SerializerMethodField(
        help_text=gettext_lazy("Still active and past the due time of whoever holds it: the department's, or quality's once resolved.")
    )
    held_orders = serializers.SerializerMethodField(help_text=gettext_lazy("Numbers of the orders this work order put on hold."))
    confirm_due_at = serializers.DateTimeField(
        allow_null=True, read_only=True,
        help_text=gettext_lazy("While resolved: when quality is due to confirm it (QUALITY_CONFIRM_WITHIN_HOURS after the resolution)."),
    )
    answer_points = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "On a supplier work order, every complaint on the pull and whether the supplier answered it: all must be "
            "answered before it can be resolved. Empty on other kinds."
        )
    )

    class Meta:
        model = WorkOrder
        fields = [
            "id", "pull", "target", "kind", "department", "state", "outcome", "notes", "assignee", "opened_at", "due_at",
            "resolved_at", "closed_at", "overdue", "escalation_level", "cancel_reason", "held_orders", "answer_points",
            "confirm_due_at", "sent_back_at", "send_back_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(TargetSerializer)
    def get_target(self, work_order: WorkOrder) -> dict:
        return TargetSerializer(work_order.pull.target).data

    def get_overdue(self, work_order: WorkOrder) -> bool:
        return work_order.is_overdue(self.context.get("now"))

    def get_held_orders(self, work_order: WorkOrder) -> list[str]:
        return [order.number for order in work_order.held_orders.all()]

    @extend_schema_field(AnswerPointSerializer(many=True))
    def get_answer_points(self, work_order: WorkOrder) -> list[dict]:
        if work_order.kind != WorkOrder.Kind.SUPPLIER:
            return []
        answered = {answer.complaint_id for answer in work_order.supplier_answers.all()}
        return [
            {"complaint": link.complaint_id, "how": link.how, "answered": link.complaint_id in answered}
            for link in work_order.pull.pull_complaints.all()
        ]


class OptionalBooleanField(serializers.BooleanField):
    """Absent means "no filter": DRF otherwise reads a boolean missing from a query string as false."""

    default_empty_html = serializers.empty


class WorkOrderQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=WorkOrder.State.choices, required=False)
    department = serializers.ChoiceField(choices=Department.choices, required=False)
    overdue = OptionalBooleanField(
        required=False,
        help_text=gettext_lazy("true: only active work orders past their due time; false: only the others."),
    )


class ResolveWorkOrderSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=WorkOrder.Outcome.choices,
        help_text=gettext_lazy("What was found and done; each kind of work order allows some outcomes only."),
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    returned_lot_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, allow_empty=False,
        min_length=1,  # the same rule as allow_empty, but this one reaches the schema (minItems)
        help_text=gettext_lazy("Warehouse, lot returned: the lots sent back (default: the lots complained about)."),
    )


class CancelWorkOrderSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, help_text=gettext_lazy("Why the work order is cancelled (managers only)."),
        error_messages={"blank": gettext_lazy("Say why the work order is cancelled.")},
    )


class SendBackWorkOrderSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=300, help_text=gettext_lazy("What is not done yet: the department is told (quality only)."),
        error_messages={"blank": gettext_lazy("Say why the work order goes back to its department.")},
    )
