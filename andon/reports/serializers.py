"""The andon reports' query and answers in the API."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tickets.complaints.serializers import TargetSerializer

from andon.reviews.serializers import CorrectiveActionSerializer

from .selectors import BACKWARDS_PERIOD, FIRST_REPORT_DAY, LAST_REPORT_DAY, period_asked


def _one_of(choices, text=gettext_lazy("One of: {values}.")):
    return format_lazy(text, values=", ".join(value for value, _label in choices))







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
        if attrs.get("from") and attrs.get("to") and period_asked(start=attrs["from"], end=attrs["to"]).ends_before_it_starts:
            raise serializers.ValidationError({"to": [BACKWARDS_PERIOD]})
        return attrs


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


PERCENT = {"max_digits": 5, "decimal_places": 2, "allow_null": True}
HOURS = {"max_digits": 10, "decimal_places": 1, "allow_null": True}


class RelistTotalSerializer(serializers.Serializer):
    pulled = serializers.IntegerField(help_text=gettext_lazy("Distinct targets pulled in the period."))
    relisted = serializers.IntegerField(help_text=gettext_lazy("Of those, the ones whose latest pull brought them back."))
    rate = serializers.DecimalField(
        **PERCENT, help_text=gettext_lazy("numerator / denominator, in percent with two decimals; null when nothing was pulled.")
    )
    numerator = serializers.IntegerField(source="relisted", help_text=gettext_lazy("The count the rate is of: relisted."))
    denominator = serializers.IntegerField(source="pulled", help_text=gettext_lazy("The count the rate is out of: pulled."))


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
    share = serializers.DecimalField(**PERCENT, help_text=gettext_lazy("count / total, in percent with two decimals."))
    cumulative = serializers.DecimalField(
        **PERCENT, help_text=gettext_lazy("running / total: the running share, largest first; the last is 100.00.")
    )
    running = serializers.IntegerField(help_text=gettext_lazy("This bar's count and every larger one's."))
    total = serializers.IntegerField(help_text=gettext_lazy("Every bar's count together: what the shares are out of."))


class ParetoReportSerializer(serializers.Serializer):
    period = PeriodSerializer()
    cause_categories = ParetoBarSerializer(many=True, help_text=gettext_lazy("Root-cause reviews completed in the period."))
    issue_codes = ParetoBarSerializer(many=True, help_text=gettext_lazy("Pulls made in the period."))
    overdue_actions = CorrectiveActionSerializer(many=True, help_text=gettext_lazy("Not done and past due, today."))


# --- The weekly report ---------------------------------------------------------------------------

RATE = {"max_digits": 7, "decimal_places": 2, "allow_null": True}
CNY = {"max_digits": 14, "decimal_places": 2}


class WeekQuerySerializer(serializers.Serializer):
    week = serializers.RegexField(
        r"^\d{4}-[Ww]\d{2}$", required=False,
        help_text=gettext_lazy("ISO week, e.g. 2026-W48, in the site's time zone; default the current week."),
    )

    def validate_week(self, value: str):
        from .selectors import Week

        try:
            return Week.parse(value)
        except ValueError:
            raise serializers.ValidationError(gettext_lazy("Not an ISO week such as 2026-W48.")) from None


class WeekFiguresSerializer(serializers.Serializer):
    week = serializers.CharField(help_text=gettext_lazy("ISO week, e.g. 2026-W48."))
    pulls = serializers.IntegerField(help_text=gettext_lazy("Pulls made in the week."))
    plus_ones = serializers.IntegerField(help_text=gettext_lazy('"+1"s joined to the week\'s pulls.'))
    complaints = serializers.IntegerField(help_text=gettext_lazy("Complaints taken by the team's agents in the week (the total: all)."))
    pulls_per_100_complaints = serializers.DecimalField(**RATE)
    with_verdict = serializers.IntegerField()
    bad = serializers.IntegerField()
    bad_pull_rate = serializers.DecimalField(**RATE, help_text=gettext_lazy("bad / with a verdict, percent; null without verdicts."))
    breach = serializers.BooleanField(help_text=gettext_lazy("Rate strictly above ANDON_BAD_PULL_TARGET."))
    median_hours_to_relist = serializers.DecimalField(max_digits=10, decimal_places=1, allow_null=True)
    open_work_orders = serializers.IntegerField()
    overdue_work_orders = serializers.IntegerField()
    verdict_backlog = serializers.IntegerField()
    oldest_awaiting_hours = serializers.DecimalField(max_digits=10, decimal_places=1, allow_null=True)
    review_backlog = serializers.IntegerField()
    gmv_protected = serializers.DecimalField(**CNY, help_text=gettext_lazy("CNY: GMV at stake of pulls judged rule followed."))
    bonuses_accrued = serializers.DecimalField(**CNY, help_text=gettext_lazy("CNY: net bonus entries of the week's pulls."))


class SuppressionSerializer(serializers.Serializer):
    breach_week = serializers.CharField()
    before_pulls = serializers.IntegerField()
    before_complaints = serializers.IntegerField()
    before_per_100 = serializers.DecimalField(**RATE)
    after_pulls = serializers.IntegerField()
    after_complaints = serializers.IntegerField()
    after_per_100 = serializers.DecimalField(**RATE)


class DisagreementSerializer(serializers.Serializer):
    answered = serializers.IntegerField()
    disagreed = serializers.IntegerField()
    rate = serializers.DecimalField(**RATE)


class TeamLineSerializer(serializers.Serializer):
    team_id = serializers.IntegerField(source="team.pk")
    team_code = serializers.CharField(source="team.code")
    team = serializers.CharField(source="team.display_name")
    manager = serializers.CharField(source="team.manager.username")
    figures = WeekFiguresSerializer()
    trend = WeekFiguresSerializer(many=True)
    suppression = SuppressionSerializer(allow_null=True, help_text=gettext_lazy("Executives only; null otherwise or when quiet."))
    disagreement = DisagreementSerializer(allow_null=True, help_text=gettext_lazy("Executives only: second opinions in the 12 weeks."))


class WeeklyReportSerializer(serializers.Serializer):
    week = serializers.CharField()
    weeks = serializers.ListField(child=serializers.CharField())
    as_of = serializers.DateTimeField()
    target_percent = serializers.DecimalField(max_digits=6, decimal_places=2)
    teams = TeamLineSerializer(many=True, source="lines")
    total = WeekFiguresSerializer()
    total_trend = WeekFiguresSerializer(many=True)
