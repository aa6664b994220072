"""Work orders, root-cause reviews and the andon reports through the API.

Thin, like the pages: each write calls one service of `andon.services`, whose DomainErrors
become 4xx JSON. A work order is looked up inside the caller's department scope, so one outside
it answers 404; the services then decide who may move it (confirming is for quality only, 403).

There is deliberately no endpoint that relists a target: it comes back only through the
confirmation of the last work order of its pull.
"""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent
from members.access import HasRole
from members.roles import Role

from . import reports, services
from .models import CorrectiveAction, RootCauseReview, WorkOrder
from .serializers_work import (
    AddCorrectiveActionSerializer,
    AddWhySerializer,
    CancelWorkOrderSerializer,
    ParetoReportSerializer,
    PeriodQuerySerializer,
    RelistRateReportSerializer,
    ResolveWorkOrderSerializer,
    ReviewSerializer,
    RootCauseSerializer,
    WorkOrderQuerySerializer,
    WorkOrderSerializer,
)
from .selectors import overdue_now, visible_to, work_orders_with_targets

# Any staff member may ask: the scope is the same as the department pages', so someone with no
# work orders in their queues (an agent who owns no process) gets an empty list, not a 403.
STAFF_ROLES = tuple(Role.values)


def _work_orders() -> QuerySet:
    return work_orders_with_targets().prefetch_related("held_orders")


def work_orders_for(user) -> QuerySet:
    """The work orders in the user's queues, the same scope as the department pages."""
    return _work_orders().filter(visible_to(user))


def _work_order_in_scope(request, pk: int) -> WorkOrder:
    work_order = work_orders_for(request.user).filter(pk=pk).first()
    if work_order is None:
        raise NotFound(_("No work order WO-%(id)s in your department's queue.") % {"id": pk})
    return work_order


def _work_order_answer(work_order: WorkOrder) -> Response:
    # Read again outside the scope: a confirmed work order leaves quality's queue, yet the caller just moved it.
    fresh = _work_orders().get(pk=work_order.pk)
    return Response(WorkOrderSerializer(fresh, context={"now": timezone.now()}).data)


TRANSITION_ERRORS = error_responses(400, 401, 403, 404, 409, 415, 422)


class WorkOrderListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]
    serializer_class = WorkOrderSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WorkOrder.objects.none()
        filters = WorkOrderQuerySerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        work_orders = work_orders_for(self.request.user)
        if "state" in wanted:
            work_orders = work_orders.filter(state=wanted["state"])
        if "department" in wanted:
            work_orders = work_orders.filter(department=wanted["department"])
        overdue = overdue_now()
        if wanted.get("overdue") is True:
            work_orders = work_orders.filter(overdue)
        elif wanted.get("overdue") is False:
            work_orders = work_orders.exclude(overdue)
        return work_orders.order_by("due_at", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    @extend_schema(
        tags=["work orders"],
        summary=gettext_lazy("List the work orders of my department"),
        description=gettext_lazy(
            "The same queues as the department pages: vendor managers see supplier and partner management, the "
            "warehouse its own, quality its own plus every resolved work order waiting for confirmation; anyone also "
            "sees the work orders assigned to them or of a supplier, partner or process they are named for; managers "
            "and executives see all. Earliest due first."
        ),
        parameters=[WorkOrderQuerySerializer],
        responses={200: WorkOrderSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(
    tags=["work orders"],
    summary=gettext_lazy("Show one work order"),
    description=gettext_lazy("404 when the work order is outside your department's queue."),
    responses={200: WorkOrderSerializer, **error_responses(401, 403, 404)},
)
class WorkOrderDetailView(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]
    serializer_class = WorkOrderSerializer
    queryset = WorkOrder.objects.none()  # for the schema's path type; get_object scopes

    def get_object(self) -> WorkOrder:
        return _work_order_in_scope(self.request, self.kwargs["pk"])


class WorkOrderStartView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]

    @extend_schema(
        tags=["work orders"],
        summary=gettext_lazy("Start a work order"),
        description=gettext_lazy("Open -> in progress, by its department; the starter becomes the assignee if none."),
        request=None,
        responses={200: WorkOrderSerializer, **TRANSITION_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        work_order = services.start_work_order(work_order=_work_order_in_scope(request, pk), actor=request.user)
        return _work_order_answer(work_order)


class WorkOrderResolveView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]

    @extend_schema(
        tags=["work orders"],
        summary=gettext_lazy("Resolve a work order"),
        description=gettext_lazy(
            "In progress -> resolved, by its department, with an outcome allowed for its kind. The warehouse's "
            "outcome settles the held orders: released, or (lot returned) re-allocated from other lots or refunded."
        ),
        request=ResolveWorkOrderSerializer,
        responses={200: WorkOrderSerializer, **TRANSITION_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        payload = ResolveWorkOrderSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        work_order = services.resolve_work_order(
            work_order=_work_order_in_scope(request, pk), actor=request.user, **payload.validated_data
        )
        return _work_order_answer(work_order)


class WorkOrderConfirmView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]

    @extend_schema(
        tags=["work orders"],
        summary=gettext_lazy("Confirm a resolved work order"),
        description=gettext_lazy(
            "Quality only (403 for anyone else). The work order closes; when it is the last active one of its "
            "pull, the target is relisted (or, after a failed acceptance inspection, retired) in the same transaction."
        ),
        request=None,
        responses={200: WorkOrderSerializer, **TRANSITION_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        work_order = services.confirm_work_order(work_order=_work_order_in_scope(request, pk), actor=request.user)
        return _work_order_answer(work_order)


class WorkOrderCancelView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]

    @extend_schema(
        tags=["work orders"],
        summary=gettext_lazy("Cancel a work order"),
        description=gettext_lazy("Managers only, with a reason. A cancelled warehouse work order releases its held stock."),
        request=CancelWorkOrderSerializer,
        responses={200: WorkOrderSerializer, **TRANSITION_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        payload = CancelWorkOrderSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        work_order = services.cancel_work_order(
            work_order=_work_order_in_scope(request, pk), actor=request.user, reason=payload.validated_data["reason"]
        )
        return _work_order_answer(work_order)


# --- Root-cause reviews ---------------------------------------------------------------------


def reviews() -> QuerySet:
    return RootCauseReview.objects.select_related("owner").prefetch_related(
        "whys", Prefetch("actions", queryset=CorrectiveAction.objects.select_related("owner", "review"))
    )


def _review(pk: int) -> RootCauseReview:
    # Every staff role may read a review, as every staff role sees the board; the services decide who edits.
    review = reviews().filter(pk=pk).first()
    if review is None:
        raise NotFound(_("No root-cause review #%(id)s.") % {"id": pk})
    return review


def _review_answer(review: RootCauseReview, status_code: int = status.HTTP_200_OK) -> Response:
    return Response(ReviewSerializer(_review(review.pk)).data, status=status_code)


REVIEW_ERRORS = error_responses(400, 401, 403, 404, 409, 415, 422)
REVIEW_EDITORS = gettext_lazy("Its owner or a manager; a complete review no longer changes (400 with the message).")


@extend_schema(
    tags=["reviews"],
    summary=gettext_lazy("Show one root-cause review"),
    responses={200: ReviewSerializer, **error_responses(401, 403, 404)},
)
class ReviewDetailView(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]
    serializer_class = ReviewSerializer
    queryset = RootCauseReview.objects.none()  # for the schema's path type

    def get_object(self) -> RootCauseReview:
        return _review(self.kwargs["pk"])


class ReviewWhysView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]

    @extend_schema(
        tags=["reviews"],
        summary=gettext_lazy("Add the next why"),
        description=REVIEW_EDITORS,
        request=AddWhySerializer,
        responses={201: OpenApiResponse(ReviewSerializer, description=gettext_lazy("The review with the new step.")), **REVIEW_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        payload = AddWhySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = _review(pk)
        services.add_why(review=review, actor=request.user, **payload.validated_data)
        return _review_answer(review, status.HTTP_201_CREATED)


class ReviewRootCauseView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]

    @extend_schema(
        tags=["reviews"],
        summary=gettext_lazy("Set the root cause and its category"),
        description=REVIEW_EDITORS,
        request=RootCauseSerializer,
        responses={200: ReviewSerializer, **REVIEW_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        payload = RootCauseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = services.set_root_cause(review=_review(pk), actor=request.user, **payload.validated_data)
        return _review_answer(review)


class ReviewActionsView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]

    @extend_schema(
        tags=["reviews"],
        summary=gettext_lazy("Add a corrective action"),
        description=REVIEW_EDITORS,
        request=AddCorrectiveActionSerializer,
        responses={201: OpenApiResponse(ReviewSerializer, description=gettext_lazy("The review with the new action.")), **REVIEW_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        payload = AddCorrectiveActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = _review(pk)
        services.add_corrective_action(review=review, actor=request.user, **payload.validated_data)
        return _review_answer(review, status.HTTP_201_CREATED)


class ReviewCompleteView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]

    @extend_schema(
        tags=["reviews"],
        summary=gettext_lazy("Complete a root-cause review"),
        description=gettext_lazy(
            "Refused (400, saying what is missing) without at least five whys, a cause category, the root cause and a "
            "corrective action. Completing it closes the pull when its target is already back (or retired)."
        ),
        request=None,
        responses={200: ReviewSerializer, **REVIEW_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        review = services.complete_review(review=_review(pk), actor=request.user)
        return _review_answer(review)


# --- Reports --------------------------------------------------------------------------------


def _period(request) -> reports.Period:
    query = PeriodQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    default = reports.default_period()
    end = query.validated_data.get("to") or default.end
    start = query.validated_data.get("from") or end - (default.end - default.start)
    if start > end:  # only `from` was given, and it is after today
        raise ValidationError({"from": [_("The period must end on or after the day it starts.")]})
    return reports.Period(start=start, end=end)


class RelistRateReportView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*reports.REPORT_ROLES)]

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
    permission_classes = [IsAuthenticated, HasRole(*reports.REPORT_ROLES)]

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
