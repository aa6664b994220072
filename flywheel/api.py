"""The catalog's own API: its category tree.

Products are served by `members.catalog.api`, because what is on sale and in stock is the storefront's
read (`members.catalog.selectors`), and this app must not import a higher one.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from .api_errors import error_responses
from .models import Category
from .serializers import CategorySerializer


@extend_schema(
    tags=["catalog"],
    summary=gettext_lazy("List categories"),
    description=gettext_lazy(
        "Every category, flat, top-level ones first; `parent` is the parent's slug (null at the top)."
    ),
    responses={200: CategorySerializer(many=True), **error_responses(401)},
)
class CategoryListView(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = CategorySerializer
    pagination_class = None  # a few dozen rows; a client builds the tree in one call
    queryset = Category.objects.select_related("parent").order_by(
        F("parent_id").asc(nulls_first=True), "position", "name"
    )
