"""The storefront's catalog pages: products and partners."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from flywheel.models import Category, Partner

from ..cart.forms import QuantityForm
from ..cart.services import MAX_QUANTITY_PER_LINE
from ..errors import unavailable_message
from ..paging import page_range
from ..restock.selectors import is_waiting_for
from .selectors import (
    catalog_products,
    listed_partners,
    partner_cities,
    visible_partner,
    visible_product,
    with_stock_for_page,
)

PARTNERS_PAGE_SIZE = 24


LOW_STOCK = 5


SORT_CHOICES = [
    ("new", gettext_lazy("Newest")),
    ("price", gettext_lazy("Price: low to high")),
    ("-price", gettext_lazy("Price: high to low")),
    ("title", gettext_lazy("Name")),
]


@require_GET
def catalog(request):
    query = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", "new")
    if sort not in dict(SORT_CHOICES):
        sort = "new"
    category = None
    slug = request.GET.get("category", "")
    if slug:
        category = Category.objects.select_related("parent").filter(slug=slug).first()
    products = catalog_products(query=query, category=category, sort=sort)
    page = Paginator(products, settings.CATALOG_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_stock_for_page(page.object_list)
    return render(
        request,
        "members/catalog.html",
        {
            "page": page,
            "page_range": page_range(page),
            "query": query,
            "sort": sort,
            "sort_choices": SORT_CHOICES,
            "category": category,
            "unknown_category": bool(slug) and category is None,
            "low_stock": LOW_STOCK,
        },
    )


@require_GET
def product_detail(request, sku: str):
    product = visible_product(sku=sku)
    if product is None:
        raise Http404(_("No product with this SKU is on sale."))
    buyable = product.is_listed and product.stock > 0
    return render(
        request,
        "members/product.html",
        {
            "product": product,
            "buyable": buyable,
            "unavailable": "" if product.is_listed else unavailable_message(product),
            "form": QuantityForm(),
            "waiting_for_restock": not buyable and is_waiting_for(request.user, product),
            "max_quantity": min(product.stock, MAX_QUANTITY_PER_LINE),
            "low_stock": LOW_STOCK,
            "free_shipping_threshold": settings.FREE_SHIPPING_THRESHOLD,
        },
    )


@require_GET
def partners(request):
    kind = request.GET.get("kind", "")
    if kind not in Partner.Kind.values:
        kind = ""
    city = request.GET.get("city", "").strip()[:80]
    page = Paginator(listed_partners(kind=kind, city=city), PARTNERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/partners.html",
        {
            "page": page,
            "page_range": page_range(page),
            "kind": kind,
            "city": city,
            "kinds": Partner.Kind.choices,
            "cities": partner_cities(),
        },
    )


@require_GET
def partner_detail(request, pk: int):
    partner = visible_partner(pk=pk)
    if partner is None:
        raise Http404(_("No partner with this number is listed."))
    return render(request, "members/partner.html", {"partner": partner})
