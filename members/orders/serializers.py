"""Orders and their lines as the API shows them."""

from rest_framework import serializers

from flywheel.models import MONEY
from flywheel.serializers import CurrencyField

from .models import Order, OrderLine


class OrderLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku")
    line_total = serializers.DecimalField(**MONEY)

    class Meta:
        model = OrderLine
        fields = ["sku", "title", "quantity", "unit_price", "line_total"]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer):
    """An order with its lines; the queryset must come from `orders_of` (lines prefetched)."""

    status = serializers.ChoiceField(choices=Order.Status.choices, read_only=True)
    currency = CurrencyField()
    lines = OrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "number",
            "status",
            "hold_reason",
            "subtotal",
            "shipping_fee",
            "total",
            "currency",
            "shipping_name",
            "shipping_address",
            "shipping_phone",
            "placed_at",
            "lines",
        ]
        read_only_fields = fields
