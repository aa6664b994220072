"""Partners as the API shows them, and the partner list's filters."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from flywheel.models import Partner


class PartnerSerializer(serializers.ModelSerializer):
    """A partner as the app lists it; only listed partners are ever served.

    Both languages come as fields (`city`, `city_zh`...), as for products; `display_*` are in the reader's
    language (the request's `Accept-Language`), the Chinese falling back to the English when none was written.
    """

    kind = serializers.ChoiceField(choices=Partner.Kind.choices, read_only=True)
    display_name = serializers.CharField(read_only=True, help_text=_("The name in the reader's language."))
    display_city = serializers.CharField(read_only=True, help_text=_("The city in the reader's language."))
    display_description = serializers.CharField(read_only=True, help_text=_("The description in the reader's language."))

    class Meta:
        model = Partner
        fields = [
            "id", "name", "name_zh", "display_name", "kind", "city", "city_zh", "display_city",
            "description", "description_zh", "display_description",
        ]
        read_only_fields = fields


class PartnerQuerySerializer(serializers.Serializer):
    """The partner directory's filters, the same as the storefront's."""

    kind = serializers.ChoiceField(choices=Partner.Kind.choices, required=False)
    city = serializers.CharField(required=False, max_length=80, help_text=_("A city, in any letter case."))
