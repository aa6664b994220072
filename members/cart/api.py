"""The customer's cart through the API: read it, add, change and remove lines."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent
from flywheel.models import ListingState, Product

from .pricing import cart_totals
from .selectors import cart_for, cart_item_of, cart_items
from .serializers import (
    AddCartItemSerializer,
    CartSerializer,
    SetCartQuantitySerializer,
)
from .services import add_to_cart, remove_from_cart, set_cart_quantity


def _cart_body(customer) -> dict:
    cart = cart_for(customer)
    items = list(cart_items(cart))
    totals = cart_totals((item.product.price, item.quantity) for item in items)
    return CartSerializer(
        {
            "version": cart.version, "items": items, "subtotal": totals.subtotal, "shipping_fee": totals.shipping_fee,
            "total": totals.total,
        }
    ).data


def _product_for_cart(sku: str) -> Product:
    # Drafts are as unknown here as on the product page.
    product = Product.objects.exclude(listing_state=ListingState.DRAFT).filter(sku=sku).first()
    if product is None:
        raise ValidationError({"sku": [_("No product with this SKU.")]})
    return product


class CartView(APIView):
    @extend_schema(
        tags=["cart"],
        summary=gettext_lazy("Show my cart"),
        responses={200: CartSerializer, **error_responses(401, 403)},
    )
    def get(self, request):
        return Response(_cart_body(request.user))


class CartItemsView(APIView):
    @extend_schema(
        tags=["cart"],
        summary=gettext_lazy("Add a product to my cart"),
        description=gettext_lazy(
            "Adds to any quantity already in the cart. A product that is not on sale (under review, "
            "retired) or short of stock answers 409 and leaves the cart as it was."
        ),
        request=AddCartItemSerializer,
        responses={201: CartSerializer, **error_responses(400, 401, 403, 409, 415, 422)},
    )
    @idempotent
    def post(self, request):
        payload = AddCartItemSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        product = _product_for_cart(payload.validated_data["sku"])
        add_to_cart(customer=request.user, product=product, quantity=payload.validated_data["quantity"])
        return Response(_cart_body(request.user), status=status.HTTP_201_CREATED)


class CartItemView(APIView):
    """One product in the cart, addressed by its SKU; a product not in the cart is a 404."""

    def _product_in_cart(self, request, sku: str) -> Product:
        item = cart_item_of(request.user, sku=sku)
        if item is None:
            raise NotFound(_("This product is not in your cart."))
        return item.product

    @extend_schema(
        tags=["cart"],
        summary=gettext_lazy("Change a quantity in my cart"),
        description=gettext_lazy(
            "Quantity 0 removes the product. More than is in stock answers 409. Like every PATCH, a body "
            "without `quantity` changes nothing."
        ),
        request=SetCartQuantitySerializer,
        responses={200: CartSerializer, **error_responses(400, 401, 403, 404, 409, 415, 422)},
    )
    @idempotent
    def patch(self, request, sku: str):
        # Partial, as the schema declares every PATCH body (drf-spectacular's "Patched" component).
        payload = SetCartQuantitySerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        product = self._product_in_cart(request, sku)
        if "quantity" in payload.validated_data:
            set_cart_quantity(customer=request.user, product=product, quantity=payload.validated_data["quantity"])
        return Response(_cart_body(request.user))

    @extend_schema(
        tags=["cart"],
        summary=gettext_lazy("Remove a product from my cart"),
        request=None,
        responses={204: None, **error_responses(400, 401, 403, 404, 409, 415, 422)},
    )
    @idempotent
    def delete(self, request, sku: str):
        product = self._product_in_cart(request, sku)
        remove_from_cart(customer=request.user, product=product)
        return Response(status=status.HTTP_204_NO_CONTENT)
