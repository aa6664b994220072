"""Work orders, root-cause reviews and the two reports as the API shows them, and the input of their transitions.

Output states and categories are plain strings documented in `help_text` rather than enums: the
schema already has `state` enums for pulls, complaints and orders, and one more of the same name
would be an enum-name collision (a schema warning).
"""

from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from flywheel.serializers import SlugReference
from tickets.complaints.serializers import TargetSerializer

from .models import CorrectiveAction, Department, RootCauseReview, WhyStep, WorkOrder
from .reports import FIRST_REPORT_DAY, LAST_REPORT_DAY


def _one_of(choices, text=gettext_lazy("One of: {values}.")):
    return format_lazy(text, values=", ".join(value for value, _label in choices))


# --- Work orders ----------------------------------------------------------------------------


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
    overdue = serializers.SerializerMethodField(help_text=gettext_lazy("Still active and past its due time."))
    held_orders = serializers.SerializerMethodField(help_text=gettext_lazy("Numbers of the orders this work order put on hold."))

    class Meta:
        model = WorkOrder
        fields = [
            "id", "pull", "target", "kind", "department", "state", "outcome", "notes", "assignee", "opened_at", "due_at",
            "resolved_at", "closed_at", "overdue", "escalation_level", "cancel_reason", "held_orders",
        ]
        read_only_fields = fields

    @extend_schema_field(TargetSerializer)
    def get_target(self, work_order: WorkOrder) -> dict:
        return TargetSerializer(work_order.pull.target).data

    def get_overdue(self, work_order: WorkOrder) -> bool:
        return work_order.is_overdue(self.context.get("now"))

    def get_held_orders(self, work_order: WorkOrder) -> list[str]:
        return [order.number for order in work_order.held_orders.all()]


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
        return action.status != CorrectiveAction.Status.DONE and action.due_on < timezone.localdate()


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


# --- Reports --------------------------------------------------------------------------------




def _report_day(help_text):
    return serializers.DateField(
        required=False, help_text=help_text,
        validators=[MinValueValidator(FIRST_REPORT_DAY), MaxValueValidator(LAST_REPORT_DAY)],
    )


class PeriodQuerySerializer(serializers.Serializer):
    """`from` and `to` (a Python keyword, hence `get_fields`): calendar days, both included; default the last 90 days."""

    def get_fields(self):
        return {
            "from": _report_day(gettext_lazy("First day (YYYY-MM-DD), from 1900-01-01.")),
            "to": _report_day(gettext_lazy("Last day (YYYY-MM-DD), until 2999-12-31; default today.")),
        }

    def validate(self, attrs: dict) -> dict:
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": [_("The period must end on or after the day it starts.")]})
        return attrs


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


PERCENT = {"max_digits": 4, "decimal_places": 1, "allow_null": True}
HOURS = {"max_digits": 10, "decimal_places": 1, "allow_null": True}


class RelistTotalSerializer(serializers.Serializer):
    pulled = serializers.IntegerField(help_text=gettext_lazy("Distinct targets pulled in the period."))
    relisted = serializers.IntegerField(help_text=gettext_lazy("Of those, the ones whose latest pull brought them back."))
    rate = serializers.DecimalField(**PERCENT, help_text=gettext_lazy("relisted / pulled, in percent; null when nothing was pulled."))


class RelistGroupSerializer(RelistTotalSerializer):
    key = serializers.CharField(help_text=gettext_lazy("The group's id (a supplier or category id, or a cohort month YYYY-MM)."))
    label = serializers.CharField()
    median_hours_to_relist = serializers.DecimalField(source="median_hours", **HOURS)
    mean_hours_to_relist = serializers.DecimalField(source="mean_hours", **HOURS)


class NeverBackSerializer(serializers.Serializer):
    pull = serializers.IntegerField(source="pull.pk")
    target = serializers.SerializerMethodField()
    pulled_at = serializers.DateTimeField(source="pull.pulled_at")
    reason = serializers.CharField(source="pull.reason")
    issue_code = serializers.CharField(source="pull.issue_code.code")
    status = serializers.SerializerMethodField(help_text=gettext_lazy("retired, or still_off."))
    failing_work_order = serializers.IntegerField(source="pull.failing_work_order", allow_null=True)
    failing_outcome = serializers.CharField(source="pull.failing_outcome", allow_null=True)
    failing_notes = serializers.CharField(source="pull.failing_notes", allow_null=True)

    @extend_schema_field(TargetSerializer)
    def get_target(self, entry) -> dict:
        return TargetSerializer(entry.pull.target).data

    def get_status(self, entry) -> str:
        return "retired" if entry.retired else "still_off"


class RelistRateReportSerializer(serializers.Serializer):
    period = PeriodSerializer()
    products = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()
    by_supplier = RelistGroupSerializer(many=True)
    by_cohort = RelistGroupSerializer(many=True, help_text=gettext_lazy("Partners by admission month."))
    by_category = RelistGroupSerializer(many=True, help_text=gettext_lazy("Products by top-level category."))
    by_subcategory = RelistGroupSerializer(many=True, help_text=gettext_lazy("Products by their own category."))
    never_back = NeverBackSerializer(many=True)

    @extend_schema_field(RelistTotalSerializer)
    def get_products(self, report) -> dict:
        return RelistTotalSerializer(
            {"pulled": report.products_pulled, "relisted": report.products_relisted, "rate": report.products_rate}
        ).data

    @extend_schema_field(RelistTotalSerializer)
    def get_partners(self, report) -> dict:
        return RelistTotalSerializer(
            {"pulled": report.partners_pulled, "relisted": report.partners_relisted, "rate": report.partners_rate}
        ).data


class ParetoBarSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.DecimalField(**PERCENT)
    cumulative = serializers.DecimalField(**PERCENT, help_text=gettext_lazy("Running share, largest first; the last is 100.0."))


class ParetoReportSerializer(serializers.Serializer):
    period = PeriodSerializer()
    cause_categories = ParetoBarSerializer(many=True, help_text=gettext_lazy("Root-cause reviews completed in the period."))
    issue_codes = ParetoBarSerializer(many=True, help_text=gettext_lazy("Pulls made in the period."))
    overdue_actions = CorrectiveActionSerializer(many=True, help_text=gettext_lazy("Not done and past due, today."))
