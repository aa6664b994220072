"""The bonus ledger and the payroll runs through the API.

An agent reads their own ledger and statement; a manager their teams' entries (the pulls made in
the teams they managed) and approves them in bulk; executives run payroll: list the batches, close
a month, export a batch as CSV, confirm it paid. Each write calls one service; its DomainErrors
become 4xx JSON.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent
from members.access import HasRole
from members.roles import STAFF_ROLES

from . import policy, services
from . import selectors as ledger
from .models import BonusEntry, PayrollBatch
from .serializers import (
    ApprovedSerializer,
    ApproveSerializer,
    BonusEntryQuerySerializer,
    BonusEntrySerializer,
    CloseMonthSerializer,
    PayrollBatchSerializer,
    StatementQuerySerializer,
    StatementSerializer,
)
from .views import csv_response, payroll_csv

WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 415)


def _filtered(entries, params):
    filters = BonusEntryQuerySerializer(data=params)
    filters.is_valid(raise_exception=True)
    wanted = filters.validated_data
    if "state" in wanted:
        entries = entries.filter(state=wanted["state"])
    if "kind" in wanted:
        entries = entries.filter(kind=wanted["kind"])
    if "month" in wanted:
        entries = entries.filter(ledger.in_month(wanted["month"]))
    return entries.order_by("-created_at", "-pk")


@extend_schema(
    tags=["bonuses"],
    summary=gettext_lazy("My bonus ledger"),
    parameters=[BonusEntryQuerySerializer],
    responses={200: BonusEntrySerializer(many=True), **error_responses(400, 401, 403, 404)},
)
class MyBonusEntriesView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]
    serializer_class = BonusEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BonusEntry.objects.none()
        return _filtered(ledger.ledger_entries().filter(agent=self.request.user), self.request.query_params)


@extend_schema(
    tags=["bonuses"],
    summary=gettext_lazy("My teams' bonus entries"),
    description=gettext_lazy("A manager: the entries of the pulls made in the teams they managed at pull time. An executive: every entry."),
    parameters=[BonusEntryQuerySerializer],
    responses={200: BonusEntrySerializer(many=True), **error_responses(400, 401, 403, 404)},
)
class TeamBonusEntriesView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, HasRole(*policy.APPROVING_ROLES)]
    serializer_class = BonusEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BonusEntry.objects.none()
        return _filtered(ledger.ledger_entries().filter(policy.approvable_by(self.request.user)), self.request.query_params)


@extend_schema(
    tags=["bonuses"],
    summary=gettext_lazy("A monthly bonus statement"),
    description=gettext_lazy(
        "Yours, or (managers) an agent of your teams, (executives) anyone's. Entries belong to the month of their accrual."
    ),
    parameters=[StatementQuerySerializer],
    responses={200: StatementSerializer, **error_responses(400, 401, 403, 404)},
)
class BonusStatementView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]

    def get(self, request):
        query = StatementQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        agent = request.user
        username = query.validated_data.get("agent")
        if username and username != request.user.get_username():
            agent = get_user_model().objects.filter(username=username).first()
            if agent is None:
                raise NotFound(_("No agent %(username)s.") % {"username": username})
        if not policy.may_read_statement(request.user, agent):
            raise PermissionDenied(_("You may read your own bonus statement, and a manager those of their teams' agents."))
        statement = ledger.agent_statement(agent, query.validated_data.get("month") or ledger.this_month())
        return Response(StatementSerializer(statement).data)


class ApproveBonusEntriesView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*policy.APPROVING_ROLES)]
    # JSON only: a form body of a thousand ids would pass Django's field limit (a 400 page, not JSON).
    parser_classes = [JSONParser]

    @extend_schema(
        tags=["bonuses"],
        summary=gettext_lazy("Approve bonus entries in bulk"),
        description=gettext_lazy(
            "All or nothing: 403 naming the entries of another team's pulls. Entries already approved, reversals and "
            "reversed accruals are skipped."
        ),
        request=ApproveSerializer,
        responses={200: ApprovedSerializer, **WRITE_ERRORS},
    )
    @idempotent
    def post(self, request):
        payload = ApproveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        approved = services.approve_bonus_entries(entry_ids=payload.validated_data["entries"], actor=request.user)
        return Response({"approved": approved})


class PayrollBatchesView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*policy.PAYROLL_ROLES)]

    @extend_schema(
        tags=["payroll"],
        summary=gettext_lazy("Payroll batches, newest month first"),
        responses={200: PayrollBatchSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request):
        batches = PayrollBatch.objects.select_related("closed_by", "paid_by").order_by("-period", "-pk")[:120]
        return Response(PayrollBatchSerializer(batches, many=True).data)

    @extend_schema(
        tags=["payroll"],
        summary=gettext_lazy("Close a month into a payroll batch"),
        description=gettext_lazy(
            "Approved accruals of the month, in no batch, not reversed. A second run takes only what was approved since; "
            "with nothing waiting it is refused (409)."
        ),
        request=CloseMonthSerializer,
        responses={201: PayrollBatchSerializer, **WRITE_ERRORS},
    )
    @idempotent
    def post(self, request):
        payload = CloseMonthSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        batch = services.close_payroll_month(month=payload.validated_data["month"], actor=request.user)
        return Response(PayrollBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


def _batch(pk: int) -> PayrollBatch:
    batch = PayrollBatch.objects.select_related("closed_by", "paid_by").filter(pk=pk).first()
    if batch is None:
        raise NotFound(_("No payroll batch #%(id)s.") % {"id": pk})
    return batch


@extend_schema(
    tags=["payroll"],
    summary=gettext_lazy("Export a payroll batch as CSV"),
    description=gettext_lazy(
        "Columns: employee_id, name, team, cost_centre, period, batch_id, amount_cny; one line per agent and team. "
        "The amounts add up to the batch total."
    ),
    responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR), **error_responses(401, 403, 404)},
)
class PayrollBatchExportView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*policy.PAYROLL_ROLES)]

    def get(self, request, pk: int):
        batch = _batch(pk)
        return csv_response(payroll_csv([batch]), f"payroll-{ledger.month_label(batch.period)}-batch-{batch.pk}.csv")


class PayrollBatchConfirmPaidView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*policy.PAYROLL_ROLES)]

    @extend_schema(
        tags=["payroll"],
        summary=gettext_lazy("Confirm a payroll batch paid"),
        description=gettext_lazy("Marks the batch and its entries paid. A paid batch is final (409)."),
        request=None,
        responses={200: PayrollBatchSerializer, **WRITE_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        batch = services.confirm_payroll_paid(batch=_batch(pk), actor=request.user)
        return Response(PayrollBatchSerializer(_batch(batch.pk)).data)
