"""The andon reports through the API: the same numbers as the report pages, from the same selectors."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel.api_errors import error_responses
from members.access import HasRole
from members.roles import Role, has_role

from . import selectors as reports
from .policy import REPORT_ROLES, WEEKLY_REPORT_ROLES
from .serializers import (
    ParetoReportSerializer,
    PeriodQuerySerializer,
    RelistRateReportSerializer,
    WeeklyReportSerializer,
    WeekQuerySerializer,
)


def _period(request) -> reports.Period:
    query = PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    period = reports.period_asked(start=query.validated_data.get("from"), end=query.validated_data.get("to"))
    if period.ends_before_it_starts:  # only `from` was given, and it is after today
        raise ValidationError({"from": [reports.BACKWARDS_PERIOD]})
    return period


class RelistRateReportView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*REPORT_ROLES)]

    @extend_schema(
        tags=["reports"],
        summary=gettext_lazy("Relist rate"),
        description=gettext_lazy(
            "Targets relisted / targets pulled in the period (by pull time), by supplier, partner admission cohort, "
            "category and subcategory, with the median and mean time to relist, and the targets that never came back. "
            "A target pulled more than once counts once, by its latest pull. The same numbers as the report page."
        ),
        parameters=[PeriodQuerySerializer],
        responses={200: RelistRateReportSerializer, **error_responses(400, 401, 403)},
    )
    def get(self, request):
        return Response(RelistRateReportSerializer(reports.relist_rate_report(_period(request))).data)


class ParetoReportView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*REPORT_ROLES)]

    @extend_schema(
        tags=["reports"],
        summary=gettext_lazy("Pareto of causes"),
        description=gettext_lazy(
            "Root-cause categories of the reviews completed in the period and issue codes of the pulls made in it, "
            "largest first with the cumulative share, and the corrective actions overdue today."
        ),
        parameters=[PeriodQuerySerializer],
        responses={200: ParetoReportSerializer, **error_responses(400, 401, 403)},
    )
    def get(self, request):
        return Response(ParetoReportSerializer(reports.pareto_report(_period(request))).data)


class WeeklyReportView(APIView):
    """The weekly bad-pull report: the same numbers as the admin page and the CSV."""

    permission_classes = [IsAuthenticated, HasRole(*WEEKLY_REPORT_ROLES)]

    @extend_schema(
        tags=["reports"],
        summary=gettext_lazy("Weekly bad-pull report"),
        description=gettext_lazy(
            "Per team and in total, for an ISO week in the site's time zone: pulls, +1s, complaints, pulls per 100 "
            "complaints, verdicts, the bad-pull rate against the target with the breach flagged, median time to relist, "
            "work orders, backlogs, GMV protected and bonuses, with each team's 12-week trend. Computed from the data "
            "as of the answer's time. Executives also get the second-opinion disagreement and suppression flags."
        ),
        parameters=[WeekQuerySerializer],
        responses={200: WeeklyReportSerializer, **error_responses(400, 401, 403)},
    )
    def get(self, request):
        query = WeekQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        executive = has_role(request.user, Role.EXECUTIVE)
        report = reports.weekly_report(query.validated_data.get("week"), executive=executive)
        return Response(WeeklyReportSerializer(report).data)
