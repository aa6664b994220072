"""Partner listings through the API, for partner managers: list every partner, publish a draft, retire one.

Publishing and retiring go through the listing services products use (`flywheel.services.publish`,
`retire`): an audit row each, and a partner with an open andon pull is not published around it.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel import services
from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent
from flywheel.models import Partner
from members.access import HasRole

from .policy import PARTNER_LISTING_ROLES
from .selectors import managed_partners
from .serializers import ManagedPartnerQuerySerializer, ManagedPartnerSerializer

LISTING_ERRORS = error_responses(400, 401, 403, 404, 409, 415, 422)


@extend_schema(
    tags=["partners"],
    summary=gettext_lazy("List every partner (partner managers)"),
    description=gettext_lazy(
        "Drafts, listed, under review and retired partners, newest admission first; only `listed` ones show in the app."
    ),
    parameters=[ManagedPartnerQuerySerializer],
    responses={200: ManagedPartnerSerializer(many=True), **error_responses(400, 401, 403, 404)},
)
class ManagedPartnerListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, HasRole(*PARTNER_LISTING_ROLES)]
    serializer_class = ManagedPartnerSerializer

    def get_queryset(self):
        filters = ManagedPartnerQuerySerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return managed_partners(
            state=filters.validated_data.get("state", ""),
            kind=filters.validated_data.get("kind", ""),
            city=filters.validated_data.get("city", ""),
        )


def _partner(pk: int) -> Partner:
    partner = Partner.objects.filter(pk=pk).first()
    if partner is None:
        raise NotFound(_("No partner with this id."))
    return partner


def _answer(partner: Partner) -> Response:
    return Response(ManagedPartnerSerializer(Partner.objects.select_related("partner_manager").get(pk=partner.pk)).data)


class ManagedPartnerPublishView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*PARTNER_LISTING_ROLES)]

    @extend_schema(
        tags=["partners"],
        summary=gettext_lazy("Publish a partner"),
        description=gettext_lazy(
            "Draft -> listed: the partner shows in the app. 409 when it is not a draft, or while an andon pull on it is open."
        ),
        request=None,
        responses={200: ManagedPartnerSerializer, **LISTING_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        return _answer(services.publish(listable=_partner(pk), actor=request.user))


class ManagedPartnerRetireView(APIView):
    permission_classes = [IsAuthenticated, HasRole(*PARTNER_LISTING_ROLES)]

    @extend_schema(
        tags=["partners"],
        summary=gettext_lazy("Retire a partner"),
        description=gettext_lazy("Removes the partner from the app for good. 409 when it is retired already."),
        request=None,
        responses={200: ManagedPartnerSerializer, **LISTING_ERRORS},
    )
    @idempotent
    def post(self, request, pk: int):
        return _answer(services.retire(listable=_partner(pk), actor=request.user))
