"""A member's own reports through the API: list, show one, answer. Internal notes never appear.

Scoped to the caller: another customer's report id answers 404, as if it did not exist.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent

from ..complaints.models import Complaint
from .selectors import reports_of
from .serializers import MyReportSerializer, NewReportMessageSerializer, ReportMessageSerializer
from .services import reply_as_customer


def _my_reports(view):
    if getattr(view, "swagger_fake_view", False):  # the schema generator has no user
        return Complaint.objects.none()
    return reports_of(view.request.user)


class MyReportListView(generics.ListAPIView):
    serializer_class = MyReportSerializer

    def get_queryset(self):
        return _my_reports(self)

    @extend_schema(
        tags=["my reports"],
        summary=gettext_lazy("List my problem reports"),
        description=gettext_lazy("Newest first, each with its state, customer service's replies and my messages, and my photos."),
        responses={200: MyReportSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(
    tags=["my reports"],
    summary=gettext_lazy("Show one of my problem reports"),
    responses={200: MyReportSerializer, **error_responses(401, 403, 404)},
)
class MyReportDetailView(generics.RetrieveAPIView):
    serializer_class = MyReportSerializer
    queryset = Complaint.objects.none()  # for the schema's path type; the real one is scoped below

    def get_queryset(self):
        return _my_reports(self)


class MyReportMessagesView(APIView):
    @extend_schema(
        tags=["my reports"],
        summary=gettext_lazy("Write to customer service on one of my reports"),
        description=gettext_lazy(
            "A message on a resolved report opens it again; a closed report answers 400 (report a new "
            "problem instead). The agent who took the report is told."
        ),
        request=NewReportMessageSerializer,
        responses={201: ReportMessageSerializer, **error_responses(400, 401, 403, 404, 409, 415, 422)},
    )
    @idempotent
    def post(self, request, pk: int):
        complaint = get_object_or_404(_my_reports(self), pk=pk)
        payload = NewReportMessageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        message = reply_as_customer(complaint=complaint, customer=request.user, body=payload.validated_data["body"])
        return Response(ReportMessageSerializer(message).data, status=status.HTTP_201_CREATED)
