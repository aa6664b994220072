"""Partners as the API shows them, and the partner list's filters."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from flywheel.models import Partner


class PartnerSerializer(serializers.ModelSerializer):
    """A partner as the app lists it; only listed partners are ever served."""

    kind = serializers.ChoiceField(choices=Partner.Kind.choices, read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "name", "name_zh", "kind", "city", "description"]
        read_only_fields = fields


class PartnerQuerySerializer(serializers.Serializer):
    """The partner directory's filters, the same as the storefront's."""

    kind = serializers.ChoiceField(choices=Partner.Kind.choices, required=False)
    city = serializers.CharField(required=False, max_length=80, help_text=_("A city, in any letter case."))
