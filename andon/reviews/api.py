"""Root-cause reviews through the API: read one, add whys and actions, set the cause, complete it."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent
from members.access import HasRole

from members.roles import STAFF_ROLES

from . import services
from .models import CorrectiveAction, RootCauseReview
from .serializers import AddCorrectiveActionSerializer, AddWhySerializer, ReviewSerializer, RootCauseSerializer



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
