"""Partners as a partner manager sees them in the API, and the list's filters."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from flywheel.models import ListingState, Partner


class ManagedPartnerSerializer(serializers.ModelSerializer):
    """A partner with its listing state: only `listed` ones show in the app."""

    kind = serializers.ChoiceField(choices=Partner.Kind.choices, read_only=True)
    listing_state = serializers.ChoiceField(choices=ListingState.choices, read_only=True)
    partner_manager = serializers.CharField(source="partner_manager.username", allow_null=True, read_only=True)

    class Meta:
        model = Partner
        fields = [
            "id", "name", "name_zh", "kind", "city", "city_zh", "description", "description_zh",
            "admitted_on", "partner_manager", "listing_state",
        ]
        read_only_fields = fields


class ManagedPartnerQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=ListingState.choices, required=False, help_text=_("Only partners in this listing state."))
    kind = serializers.ChoiceField(choices=Partner.Kind.choices, required=False)
    city = serializers.CharField(required=False, max_length=80, help_text=_("A city, in any letter case."))
