"""The catalog as the API shows it, and the shape of every API error."""

from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Category, ListingState, Product

SORT_CHOICES = [
    ("new", _("newest first")),
    ("price", _("price, lowest first")),
    ("-price", _("price, highest first")),
    ("title", _("title, A to Z")),
]


@extend_schema_field({"type": "string", "example": "CNY", "description": "ISO 4217 code of every amount."})
class CurrencyField(serializers.Field):
    """The shop's currency, beside every amount so a client never has to assume it."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return settings.CURRENCY


class SlugReference(serializers.SlugRelatedField):
    """A reference by slug, code or username in a request, with NUL refused before the lookup.

    PostgreSQL refuses NUL in a query (a 500); DRF's CharField refuses it, its related fields do not.
    """

    def to_internal_value(self, data):
        ProhibitNullCharactersValidator()(data)
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in words a user can be shown."))
    code = serializers.CharField(help_text=_("A stable machine-readable code, e.g. not_buyable."))


class ValidationErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per field; `non_field_errors` for the request as a whole."),
    )


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = ["slug", "name", "name_zh", "parent", "position"]


class ProductSerializer(serializers.ModelSerializer):
    """A product with its stock; the queryset must come annotated by `with_stock`."""

    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    currency = CurrencyField()
    listing_state = serializers.ChoiceField(choices=ListingState.choices, read_only=True)
    stock = serializers.IntegerField(read_only=True, help_text=_("Units that can be sold now."))
    buyable = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "sku",
            "title",
            "title_zh",
            "description",
            "description_zh",
            "price",
            "currency",
            "category",
            "listing_state",
            "stock",
            "buyable",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField(help_text=_("Listed and in stock: it can go in a cart.")))
    def get_buyable(self, product: Product) -> bool:
        return product.is_listed and product.stock > 0


class ProductQuerySerializer(serializers.Serializer):
    """The catalog's filters, the same as the storefront's."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text=_("Search words or a SKU."))
    category = SlugReference(
        slug_field="slug",
        queryset=Category.objects.all(),
        required=False,
        help_text=_("A category slug; a top-level category includes its subcategories."),
    )
    sort = serializers.ChoiceField(choices=SORT_CHOICES, required=False, default="new")
