"""Products and partners on the storefront, through the API."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

from flywheel.api_errors import error_responses
from flywheel.models import ListingState, Product
from flywheel.serializers import ProductQuerySerializer, ProductSerializer

from .selectors import (
    catalog_products,
    listed_partners,
    visible_product,
    with_stock_for_page,
)
from .serializers import PartnerQuerySerializer, PartnerSerializer


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
