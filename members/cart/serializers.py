"""The cart and the checkout request as the API shows and takes them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from flywheel.models import MONEY, ListingState
from flywheel.serializers import CurrencyField

from ..orders.payments import normalise_card_number

from .models import CartItem
from .services import MAX_QUANTITY_PER_LINE


class CartItemSerializer(serializers.ModelSerializer):
    """A cart line; the queryset must come from `cart_items` (product joined, stock annotated)."""

    sku = serializers.CharField(source="product.sku")
    title = serializers.CharField(source="product.title")
    title_zh = serializers.CharField(source="product.title_zh")
    unit_price = serializers.DecimalField(source="product.price", **MONEY)
    line_total = serializers.SerializerMethodField()
    listing_state = serializers.ChoiceField(source="product.listing_state", choices=ListingState.choices)
    stock = serializers.IntegerField(help_text=_("Units that can be sold now."))
    buyable = serializers.SerializerMethodField()

    class Meta:
        model = CartItem
        fields = ["sku", "title", "title_zh", "quantity", "unit_price", "line_total", "listing_state", "stock", "buyable"]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_line_total(self, item: CartItem) -> str:
        return serializers.DecimalField(**MONEY).to_representation(item.product.price * item.quantity)

    @extend_schema_field(
        serializers.BooleanField(help_text=_("Listed, with enough stock for this quantity: checkout will take it."))
    )
    def get_buyable(self, item: CartItem) -> bool:
        return item.product.is_listed and item.stock >= item.quantity


class CartSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        help_text=_("Bumped by every change to the cart. Send it as `cart_version` at checkout to buy exactly this cart.")
    )
    items = CartItemSerializer(many=True)
    subtotal = serializers.DecimalField(**MONEY)
    shipping_fee = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    currency = CurrencyField()


class AddCartItemSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=40)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY_PER_LINE, default=1)


class SetCartQuantitySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(
        min_value=0, max_value=MAX_QUANTITY_PER_LINE, help_text=_("The new quantity; 0 removes the product.")
    )


class CheckoutSerializer(serializers.Serializer):
    """Where to ship the cart and how to pay for it; the card number is never stored."""

    shipping_name = serializers.CharField(max_length=120)
    shipping_address = serializers.CharField(max_length=300)
    shipping_phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    card_number = serializers.CharField(
        max_length=30, write_only=True, help_text=_("12 to 19 digits; spaces and dashes are ignored.")
    )
    cart_version = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1,
        help_text=_(
            "The cart's `version` the customer saw. A cart changed since answers 409 (cart_changed); one already "
            "checked out answers 409 naming its order. Without it, the cart as it is now is checked out."
        ),
    )

    def validate_card_number(self, value: str) -> str:
        # Only the shape, before any order exists; whether the card pays is the gateway's answer.
        number = normalise_card_number(value)
        if not number.isdigit() or not 12 <= len(number) <= 19:
            raise serializers.ValidationError(_("Enter the 12 to 19 digits printed on the card."))
        return number
