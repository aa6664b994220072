"""Complaints through the API: a call-centre or chat system files them; agents and managers read them.

Thin: parse with a serializer, call one service, render. Unknown references in the body answer
400 naming the field (see `tickets.complaints.serializers`); an unknown complaint id in the URL answers 404.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent
from members.access import HasRole

from . import services
from .models import Complaint
from .policy import COMPLAINT_HANDLER_ROLES
from .serializers import ComplaintDetailSerializer, ComplaintQuerySerializer, ComplaintSerializer, FileComplaintSerializer

def complaints_with_targets():
    return Complaint.objects.select_related(
        "customer", "taken_by", "issue_code", "product", "partner", "process", "lot", "order_line__order"
    )


class ComplaintListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, HasRole(*COMPLAINT_HANDLER_ROLES)]
    serializer_class = ComplaintSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Complaint.objects.none()
        filters = ComplaintQuerySerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        complaints = complaints_with_targets()
        if "state" in filters.validated_data:
            complaints = complaints.filter(state=filters.validated_data["state"])
        if "issue_code" in filters.validated_data:
            complaints = complaints.filter(issue_code__code=filters.validated_data["issue_code"])
        if "sku" in filters.validated_data:
            complaints = complaints.filter(product__sku=filters.validated_data["sku"])
        return complaints

    @extend_schema(
        tags=["complaints"],
        summary=gettext_lazy("List complaints"),
        description=gettext_lazy("Newest first; for agents and managers."),
        parameters=[ComplaintQuerySerializer],
        responses={200: ComplaintSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["complaints"],
        summary=gettext_lazy("File a complaint"),
        description=gettext_lazy(
            "One customer's complaint about a product they bought (order_number + sku: the complaint is "
            "about that order line, so one product and one lot), a partner, or a process. The answer "
            "includes whether the andon rule is now met for the target and issue code. A customer, order, "
            "SKU, partner, process or issue code that does not exist answers 400 naming the field, and "
            "nothing is written."
        ),
        request=FileComplaintSerializer,
        responses={201: ComplaintDetailSerializer, **error_responses(400, 401, 403, 409, 415, 422)},
    )
    @idempotent
    def post(self, request):
        payload = FileComplaintSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        complaint = services.file_complaint(
            customer=data["customer"],
            issue_code=data["issue_code"],
            text=data["text"],
            channel=data["channel"],
            order_line=data.get("order_line"),
            partner=data.get("partner"),
            process=data.get("process"),
            taken_by=request.user,
        )
        complaint = complaints_with_targets().get(pk=complaint.pk)
        return Response(ComplaintDetailSerializer(complaint).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["complaints"],
    summary=gettext_lazy("Show one complaint"),
    description=gettext_lazy("With the andon rule as it stands now for the complaint's target and issue code."),
    responses={200: ComplaintDetailSerializer, **error_responses(401, 403, 404)},
)
class ComplaintDetailView(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, HasRole(*COMPLAINT_HANDLER_ROLES)]
    serializer_class = ComplaintDetailSerializer

    def get_queryset(self):
        return complaints_with_targets()
