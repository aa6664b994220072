"""The storefront's API: products on sale, the customer's cart and orders, and staff-role checks.

Thin, like the pages: parse with a serializer, call one selector or service, render. Services
raise DomainError subclasses, which `flywheel.api_errors` turns into 4xx JSON.
"""


from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from flywheel.api_errors import error_responses
from flywheel.idempotency import idempotent
from flywheel.models import ListingState, Product
from flywheel.serializers import ProductQuerySerializer, ProductSerializer

from . import services
from .cart.pricing import cart_totals
from .models import Order
from .selectors import cart_for, cart_item_of, cart_items, catalog_products, listed_partners, orders_of, visible_product, with_stock_for_page
from .serializers import (
    AddCartItemSerializer,
    CartSerializer,
    CheckoutSerializer,
    OrderSerializer,
    PartnerQuerySerializer,
    PartnerSerializer,
    SetCartQuantitySerializer,
)


# --- catalog ---------------------------------------------------------------------------------


@extend_schema(
    tags=["catalog"],
    summary=gettext_lazy("List products on sale"),
    description=gettext_lazy(
        "Listed products only, as on the storefront: anything under review, retired or in draft never appears."
    ),
    parameters=[ProductQuerySerializer],
    responses={200: ProductSerializer(many=True), **error_responses(400, 401, 404)},
)
class ProductListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = ProductSerializer

    def get_queryset(self):
        filters = ProductQuerySerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return catalog_products(
            query=filters.validated_data.get("q", ""),
            category=filters.validated_data.get("category"),
            sort=filters.validated_data["sort"],
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else with_stock_for_page(page)


@extend_schema(
    tags=["catalog"],
    summary=gettext_lazy("Show one product"),
    description=gettext_lazy(
        "Any product but a draft, so a call-centre system can see one that is under review; "
        "`buyable` says whether it can be sold now."
    ),
    responses={200: ProductSerializer, **error_responses(401, 404)},
)
class ProductDetailView(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = ProductSerializer
    lookup_field = "sku"
    queryset = Product.objects.exclude(listing_state=ListingState.DRAFT)  # for the schema's path type

    def get_object(self) -> Product:
        product = visible_product(sku=self.kwargs["sku"])
        if product is None:
            raise NotFound(_("No product with this SKU."))
        return product


# --- partners --------------------------------------------------------------------------------


@extend_schema(
    tags=["catalog"],
    summary=gettext_lazy("List service partners"),
    description=gettext_lazy(
        "Listed partners only, as in the app: a partner under review after an andon pull, or retired, never appears."
    ),
    parameters=[PartnerQuerySerializer],
    responses={200: PartnerSerializer(many=True), **error_responses(400, 401, 404)},
)
class PartnerListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = PartnerSerializer

    def get_queryset(self):
        filters = PartnerQuerySerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return listed_partners(kind=filters.validated_data.get("kind", ""), city=filters.validated_data.get("city", ""))


# --- cart ------------------------------------------------------------------------------------


def _cart_body(customer) -> dict:
    items = list(cart_items(cart_for(customer)))
    totals = cart_totals((item.product.price, item.quantity) for item in items)
    return CartSerializer(
        {"items": items, "subtotal": totals.subtotal, "shipping_fee": totals.shipping_fee, "total": totals.total}
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
        services.add_to_cart(customer=request.user, product=product, quantity=payload.validated_data["quantity"])
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
            services.set_cart_quantity(customer=request.user, product=product, quantity=payload.validated_data["quantity"])
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
        services.remove_from_cart(customer=request.user, product=product)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- orders ----------------------------------------------------------------------------------


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
            "declined card answers 402 and the order is cancelled. Send an Idempotency-Key so a retry "
            "after a lost answer never charges twice."
        ),
        request=CheckoutSerializer,
        responses={201: OrderSerializer, **error_responses(400, 401, 402, 403, 409, 415, 422)},
    )
    @idempotent
    def post(self, request):
        payload = CheckoutSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        shipping = services.ShippingDetails(
            name=payload.validated_data["shipping_name"],
            address=payload.validated_data["shipping_address"],
            phone=payload.validated_data["shipping_phone"],
        )
        order = services.checkout(
            customer=request.user, shipping=shipping, card_number=payload.validated_data["card_number"]
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
