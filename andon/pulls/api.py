"""The andon cord through the API: pull (or +1), warn, and read the pulls.

No approval and no threshold here either: an agent's call stops the target in the same
transaction, exactly as the button on the agent's page does. A call that joins an open pull
answers 200 with that pull; a new pull answers 201.
"""

from django.db.models import Count, Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent
from members.access import HasRole

from . import services
from .models import AndonPull, PullComplaint
from members.roles import STAFF_ROLES

from .policy import PULLING_ROLES, may_pull
from .serializers import CordSerializer, PullOutcomeSerializer, PullQuerySerializer, PullSerializer, WarningSerializer

CORD_ERRORS = gettext_lazy(
    "An empty reason, a reason over 200 characters, or a complaint, target or issue code that does not "
    "exist answers 400 naming the field, and nothing is written."
)


class MayPull(BasePermission):
    """The cord's callers: `policy.may_pull` (the pulling roles, and a manager on their front-line day)."""

    @property
    def message(self) -> str:
        return HasRole(*PULLING_ROLES).message

    def has_permission(self, request, view) -> bool:
        return may_pull(request.user)


def pulls_with_counts():
    complaints = PullComplaint.objects.select_related("complaint__customer", "complaint__issue_code", "attached_by")
    return AndonPull.objects.select_related("product", "partner", "process", "issue_code", "pulled_by").prefetch_related(
        Prefetch("pull_complaints", queryset=complaints.order_by("attached_at", "id"))
    ).annotate(
        complaint_count=Count("pull_complaints", distinct=True),
        supporter_count=Count("supports__agent", distinct=True),
    )


class PullListView(generics.ListAPIView):
    serializer_class = PullSerializer

    def get_permissions(self):
        # Every staff role may see the board; only the front line pulls.
        if self.request.method == "POST":
            return [IsAuthenticated(), MayPull()]
        return [IsAuthenticated(), HasRole(*STAFF_ROLES)]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AndonPull.objects.none()
        filters = PullQuerySerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        pulls = pulls_with_counts()
        if "state" in filters.validated_data:
            pulls = pulls.filter(state=filters.validated_data["state"])
        # Spelt out: Meta.ordering does not apply to a query that aggregates (the counts above).
        return pulls.order_by("-pulled_at", "-id")

    @extend_schema(
        tags=["andon"],
        summary=gettext_lazy("List andon pulls"),
        description=gettext_lazy("Newest first; for every staff role."),
        parameters=[PullQuerySerializer],
        responses={200: PullSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["andon"],
        summary=gettext_lazy("Pull the andon cord"),
        description=format_lazy(
            "{} {}",
            gettext_lazy(
                "Takes the target off sale (a product), out of the app (a partner) or turns it red (a process) "
                "at once, with no approval. A target that already has an open pull is not pulled twice: the "
                "complaint and the agent join it and the answer is 200 with that pull and `joined` true."
            ),
            CORD_ERRORS,
        ),
        request=CordSerializer,
        responses={
            201: OpenApiResponse(PullOutcomeSerializer, description=gettext_lazy("A new pull.")),
            200: OpenApiResponse(PullOutcomeSerializer, description=gettext_lazy("Joined the target's open pull (+1).")),
            **error_responses(400, 401, 403, 409, 415, 422),
        },
    )
    @idempotent
    def post(self, request):
        payload = CordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        outcome = services.pull_andon(agent=request.user, **payload.validated_data)
        pull = pulls_with_counts().get(pk=outcome.pull.pk)
        pull.joined = outcome.joined
        return Response(
            PullOutcomeSerializer(pull).data, status=status.HTTP_200_OK if outcome.joined else status.HTTP_201_CREATED
        )


@extend_schema(
    tags=["andon"],
    summary=gettext_lazy("Show one andon pull"),
    responses={200: PullSerializer, **error_responses(401, 403, 404)},
)
class PullDetailView(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, HasRole(*STAFF_ROLES)]
    serializer_class = PullSerializer

    def get_queryset(self):
        return pulls_with_counts()


class WarningListView(APIView):
    permission_classes = [IsAuthenticated, MayPull]

    @extend_schema(
        tags=["andon"],
        summary=gettext_lazy("Raise an andon warning"),
        description=format_lazy(
            "{} {}",
            gettext_lazy("The lighter cord: tells the target's owners about a problem that looks systemic and keeps it on sale."),
            CORD_ERRORS,
        ),
        request=CordSerializer,
        responses={201: WarningSerializer, **error_responses(400, 401, 403, 409, 415, 422)},
    )
    @idempotent
    def post(self, request):
        payload = CordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        warning = services.warn_owners(agent=request.user, **payload.validated_data)
        return Response(WarningSerializer(warning).data, status=status.HTTP_201_CREATED)
