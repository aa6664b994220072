"""A customer's orders through the API: list, place (checkout), show one."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent

from ..cart.serializers import CheckoutSerializer
from .models import Order
from .selectors import orders_of
from .serializers import OrderSerializer
from .services import ShippingDetails, checkout


class OrderListView(generics.ListAPIView):
    serializer_class = OrderSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        return orders_of(self.request.user)

    @extend_schema(
        tags=["orders"],
        summary=gettext_lazy("List my orders"),
        responses={200: OrderSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["orders"],
        summary=gettext_lazy("Check out my cart"),
        description=gettext_lazy(
            "Places an order for everything in the cart, charges the card and answers 201 with the paid "
            "order. A product in the cart that is no longer on sale answers 409 and places nothing; a "
            "declined card answers 402 and the order is cancelled. A cart becomes one order once: a "
            "second submission of the same cart answers 409 with code already_checked_out, naming the "
            "order it became. Send an Idempotency-Key so a retry after a lost answer gets the first answer."
        ),
        request=CheckoutSerializer,
        responses={201: OrderSerializer, **error_responses(400, 401, 402, 403, 409, 415, 422)},
    )
    @idempotent
    def post(self, request):
        payload = CheckoutSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        shipping = ShippingDetails(
            name=payload.validated_data["shipping_name"],
            address=payload.validated_data["shipping_address"],
            phone=payload.validated_data["shipping_phone"],
        )
        order = checkout(
            customer=request.user, shipping=shipping, card_number=payload.validated_data["card_number"],
            cart_version=payload.validated_data.get("cart_version"),
        )
        order = orders_of(request.user).get(pk=order.pk)
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["orders"],
    summary=gettext_lazy("Show one of my orders"),
    responses={200: OrderSerializer, **error_responses(401, 403, 404)},
)
class OrderDetailView(generics.RetrieveAPIView):
    serializer_class = OrderSerializer
    lookup_field = "number"
    queryset = Order.objects.none()  # for the schema's path type; the real one is scoped below

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Order.objects.none()
        # Scoped to the caller: another customer's order number is simply not found.
        return orders_of(self.request.user)
