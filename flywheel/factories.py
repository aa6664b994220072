"""factory-boy factories for the catalog; used by the tests and by `manage.py demo`."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from .models import Category, ListingState, Lot, Partner, Product, Supplier


class SupplierFactory(DjangoModelFactory):
    class Meta:
        model = Supplier
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Supplier {n}")
    name_zh = factory.Sequence(lambda n: f"供应商 {n}")
    code = factory.Sequence(lambda n: f"supplier-{n}")
    contact_email = factory.LazyAttribute(lambda o: f"{o.code}@suppliers.example")


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    name_zh = factory.Sequence(lambda n: f"分类 {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ProductFactory(DjangoModelFactory):
    """A product on sale by default; pass listing_state to build it in another state.

    The FSM field is protected against assignment, but a state given at construction is fine.
    """

    class Meta:
        model = Product
        skip_postgeneration_save = True

    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    title = factory.Sequence(lambda n: f"Product {n}")
    title_zh = factory.Sequence(lambda n: f"商品 {n}")
    description = "A sturdy, well-reviewed item."
    description_zh = "结实耐用，口碑良好。"
    price = Decimal("59.00")
    cost = factory.LazyAttribute(lambda o: (o.price * Decimal("0.88")).quantize(Decimal("0.01")))
    supplier = factory.SubFactory(SupplierFactory)
    category = factory.SubFactory(CategoryFactory)
    listing_state = ListingState.LISTED

    @factory.post_generation
    def stock(obj, create, extracted, **kwargs):
        """`ProductFactory(stock=5)` also receives one lot of five units (default 20; 0 for none)."""
        quantity = 20 if extracted is None else extracted
        if create and quantity:
            LotFactory(product=obj, quantity_received=quantity, quantity_on_hand=quantity)


class LotFactory(DjangoModelFactory):
    class Meta:
        model = Lot

    product = factory.SubFactory(ProductFactory, stock=0)
    code = factory.Sequence(lambda n: f"LOT-{n:06d}")
    quantity_received = 20
    quantity_on_hand = factory.LazyAttribute(lambda o: o.quantity_received)
    received_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Repair shop {n}")
    name_zh = factory.Sequence(lambda n: f"维修店 {n}")
    kind = Partner.Kind.REPAIR_SHOP
    city = "Shanghai"
    listing_state = ListingState.LISTED
