"""Work orders through the API: the caller's queues, a work order, and its transitions.

Thin, like the pages: each write calls one service of `andon.work_orders.services`, whose DomainErrors
become 4xx JSON. A work order is looked up inside the caller's department scope, so one outside
it answers 404; the services then decide who may move it (confirming is for quality only, 403).

There is deliberately no endpoint that relists a target: it comes back only through the
confirmation of the last work order of its pull.
"""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent
from members.access import HasRole

from members.roles import STAFF_ROLES

from . import services
from .models import WorkOrder, overdue_now
from .policy import visible_to
from .selectors import work_orders_with_targets
from .serializers import (
    CancelWorkOrderSerializer,
    ResolveWorkOrderSerializer,
    SendBackWorkOrderSerializer,
    WorkOrderQuerySerializer,
    WorkOrderSerializer,
)

# Any staff member may ask (STAFF_ROLES): the scope is the same as the department pages', so someone
# with no work orders in their queues (an agent who owns no process) gets an empty list, not a 403.


def _work_orders() -> QuerySet:
    # The answer checklist: the pull's complaints and the supplier's answers, one query each per page.
    return work_orders_with_targets().prefetch_related("held_orders", "pull__pull_complaints", "supplier_answers")


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
            "The same queues as the department pages: vendor managers see supplier management, partner managers "
            "partner management, the warehouse its own, quality its own plus every resolved work order waiting for confirmation; anyone also "
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
            "In progress -> resolved, by its department, with an outcome allowed for its kind; quality confirms it next. "
            "A warehouse \"lot returned\" records which lots; the held orders stay on hold until quality confirms."
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
            "Quality only (403 for anyone else). The work order closes; a warehouse one then settles its held orders "
            "(released, or after a lot returned re-allocated from other lots or refunded). When it is the last active one of its "
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


class WorkOrderSendBackView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]

    @extend_schema(
        tags=["work orders"],
        summary=gettext_lazy("Send a resolved work order back to its department"),
        description=gettext_lazy(
            "Quality only (403 for anyone else), with a reason the department is told. Resolved -> in progress; "
            "409 from any other state. The outcome is cleared; a warehouse work order keeps its held orders. The "
            "department's due time moves on by the time the work waited for quality."
        ),
        request=SendBackWorkOrderSerializer,
        responses={200: WorkOrderSerializer, **TRANSITION_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        payload = SendBackWorkOrderSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        work_order = services.send_back_work_order(
            work_order=_work_order_in_scope(request, pk), actor=request.user, reason=payload.validated_data["reason"]
        )
        return _work_order_answer(work_order)
