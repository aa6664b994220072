"""Verdicts through the API: the caller's verdict queue, give and correct a verdict, second opinions.

Thin: each write calls one service of `andon.verdicts.services`, whose DomainErrors become 4xx JSON.
The queue is scoped by `policy.judgeable_by`: a manager sees the pulls they may judge.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from andon.pulls.models import AndonPull
from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent
from members.access import HasRole
from members.roles import Role

from . import selectors, services
from .models import VerdictSecondOpinion
from .serializers import (
    AnswerSecondOpinionSerializer,
    CorrectVerdictSerializer,
    GiveVerdictSerializer,
    QueuedPullSerializer,
    SecondOpinionSerializer,
    VerdictSerializer,
)

WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 415, 422)
VERDICT_ROLES = (Role.MANAGER, Role.EXECUTIVE)


class VerdictQueueView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, HasRole(*VERDICT_ROLES)]
    serializer_class = QueuedPullSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AndonPull.objects.none()
        return selectors.verdict_queue_for(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    @extend_schema(
        tags=["verdicts"],
        summary=gettext_lazy("List the pulls awaiting my verdict"),
        description=gettext_lazy(
            "Pulls with no verdict yet that the caller may judge: a manager sees their team's pulls (the team at pull "
            "time) and pulls by people in no team, never their own. Oldest first."
        ),
        responses={200: QueuedPullSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _pull(pk: int) -> AndonPull:
    return get_object_or_404(AndonPull.objects.select_related("product", "partner", "process"), pk=pk)


class GiveVerdictView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*VERDICT_ROLES)]

    @extend_schema(
        tags=["verdicts"],
        summary=gettext_lazy("Give the verdict on a pull"),
        description=gettext_lazy(
            "Rule followed, or bad pull with a category. The manager of the puller's team at pull time (403 for anyone "
            "else, and for the puller); 409 when the pull already has a verdict. A bad pull cancels the open work orders, "
            "releases the held stock and relists the target in the same transaction; it is no penalty for the agent."
        ),
        request=GiveVerdictSerializer,
        responses={201: VerdictSerializer, **WRITE_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        payload = GiveVerdictSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        verdict = services.give_verdict(pull=_pull(pk), manager=request.user, **payload.validated_data)
        return Response(VerdictSerializer(verdict).data, status=201)


class CorrectVerdictView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*VERDICT_ROLES)]

    @extend_schema(
        tags=["verdicts"],
        summary=gettext_lazy("Correct the verdict on a pull"),
        description=gettext_lazy(
            "Another manager than the verdict's author, or an executive, with a reason. The old verdict is kept; the "
            "ledger follows. Correcting to bad pull undoes the harm of an open pull; correcting to rule followed does not "
            "stop the target again."
        ),
        request=CorrectVerdictSerializer,
        responses={201: VerdictSerializer, **WRITE_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        payload = CorrectVerdictSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        verdict = services.correct_verdict(pull=_pull(pk), actor=request.user, **payload.validated_data)
        return Response(VerdictSerializer(verdict).data, status=201)


class SecondOpinionListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, HasRole(*VERDICT_ROLES)]
    serializer_class = SecondOpinionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VerdictSecondOpinion.objects.none()
        return selectors.second_opinions_for(self.request.user).select_related("verdict__given_by")

    @extend_schema(
        tags=["verdicts"],
        summary=gettext_lazy("List the second opinions asked of me"),
        description=gettext_lazy("Sampled verdicts of other teams sent to the caller, unanswered first."),
        responses={200: SecondOpinionSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class AnswerSecondOpinionView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*VERDICT_ROLES)]

    @extend_schema(
        tags=["verdicts"],
        summary=gettext_lazy("Answer a second opinion"),
        description=gettext_lazy(
            "Agree or disagree with the sampled verdict (a note is required to disagree). Only the reviewer it was "
            "asked of (404 for anyone else); 409 when already answered."
        ),
        request=AnswerSecondOpinionSerializer,
        responses={200: SecondOpinionSerializer, **WRITE_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        payload = AnswerSecondOpinionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        opinion = get_object_or_404(VerdictSecondOpinion.objects.filter(reviewer=request.user), pk=pk)
        opinion = services.answer_second_opinion(opinion=opinion, reviewer=request.user, **payload.validated_data)
        fresh = selectors.second_opinions_for(request.user).select_related("verdict__given_by").get(pk=opinion.pk)
        return Response(SecondOpinionSerializer(fresh).data)
