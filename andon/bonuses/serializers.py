"""The bonus ledger and payroll runs in the API: what is read, and what a write takes. Amounts are CNY strings to the fen."""

import re

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from .models import BonusEntry, PayrollBatch
from .selectors import parse_month

MAX_ENTRIES_PER_APPROVAL = 1000


def _one_of(choices):
    return format_lazy(gettext_lazy("One of: {values}."), values=", ".join(value for value, _label in choices))


MONTH_HELP = gettext_lazy("A calendar month in the site's time zone, written YYYY-MM.")


class MonthSerializerField(serializers.CharField):
    default_error_messages = {"invalid_month": gettext_lazy("Give a month as YYYY-MM, for example 2026-11.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", MONTH_HELP)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        if len(text) != 7 or not re.fullmatch(r"\d{4}-\d{2}", text):
            self.fail("invalid_month")
        try:
            return parse_month(text)
        except ValueError:
            self.fail("invalid_month")


class BonusEntrySerializer(serializers.ModelSerializer):
    agent = serializers.CharField(source="agent.username")
    pull = serializers.IntegerField(source="pull_id")
    team = serializers.CharField(source="pull.team.code", allow_null=True, default=None, help_text=gettext_lazy("The pull's team at pull time."))
    # Plain strings with their values listed, as elsewhere in the API (no enum components to collide).
    kind = serializers.CharField(help_text=_one_of(BonusEntry.Kind.choices))
    state = serializers.CharField(help_text=_one_of(BonusEntry.State.choices))
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text=gettext_lazy("CNY; negative for reversals and write-offs."))
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)
    approved_by = serializers.CharField(source="approved_by.username", allow_null=True, default=None)
    batch = serializers.IntegerField(source="batch_id", allow_null=True)

    class Meta:
        model = BonusEntry
        fields = ["id", "agent", "pull", "team", "kind", "state", "amount", "reverses", "created_at", "approved_by", "approved_at", "batch"]
        read_only_fields = fields


class BonusEntryQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=BonusEntry.State.choices, required=False)
    kind = serializers.ChoiceField(choices=BonusEntry.Kind.choices, required=False)
    month = MonthSerializerField(required=False)


class StatementQuerySerializer(serializers.Serializer):
    month = MonthSerializerField(required=False, help_text=gettext_lazy("YYYY-MM; this month when absent."))
    agent = serializers.CharField(required=False, max_length=150, help_text=gettext_lazy("Username; yourself when absent."))


class StatementTotalsSerializer(serializers.Serializer):
    accrued = serializers.DecimalField(max_digits=12, decimal_places=2)
    reversed = serializers.DecimalField(max_digits=12, decimal_places=2, help_text=gettext_lazy("Reversals before payment (negative)."))
    net = serializers.DecimalField(max_digits=12, decimal_places=2, help_text=gettext_lazy("accrued + reversed = paid + approved + awaiting_approval."))
    paid = serializers.DecimalField(max_digits=12, decimal_places=2)
    approved = serializers.DecimalField(max_digits=12, decimal_places=2)
    awaiting_approval = serializers.DecimalField(max_digits=12, decimal_places=2)
    written_off = serializers.DecimalField(
        max_digits=12, decimal_places=2,
        help_text=gettext_lazy("Corrected after payment and borne by the company; never deducted from the agent."),
    )


class StatementSerializer(serializers.Serializer):
    agent = serializers.CharField(source="agent.username")
    period = serializers.CharField(help_text=MONTH_HELP)
    totals = StatementTotalsSerializer()
    entries = BonusEntrySerializer(many=True)


class ApproveSerializer(serializers.Serializer):
    entries = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), min_length=1, max_length=MAX_ENTRIES_PER_APPROVAL,
        help_text=gettext_lazy("Ids of the bonus entries to approve."),
    )


class ApprovedSerializer(serializers.Serializer):
    approved = serializers.IntegerField(help_text=gettext_lazy("How many entries moved to approved; the others already were, or are not approvable."))


class PayrollBatchSerializer(serializers.ModelSerializer):
    period = serializers.SerializerMethodField(help_text=MONTH_HELP)
    state = serializers.CharField(help_text=_one_of(PayrollBatch.State.choices))
    closed_by = serializers.CharField(source="closed_by.username")
    paid_by = serializers.CharField(source="paid_by.username", allow_null=True, default=None)

    class Meta:
        model = PayrollBatch
        fields = ["id", "period", "state", "total", "entry_count", "closed_by", "closed_at", "paid_by", "paid_at"]
        read_only_fields = fields

    def get_period(self, batch: PayrollBatch) -> str:
        return f"{batch.period:%Y-%m}"


class CloseMonthSerializer(serializers.Serializer):
    month = MonthSerializerField()
