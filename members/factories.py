"""factory-boy factories for people and orders; used by the tests and by `manage.py demo`."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from flywheel.factories import LotFactory, ProductFactory

from .models import Order, OrderLine

DEMO_PASSWORD = "andon-demo"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"customer{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password(DEMO_PASSWORD)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        """`UserFactory(roles=["agent"])` puts the user in those role groups."""
        if create and extracted:
            obj.groups.add(*Group.objects.filter(name__in=extracted))


class OrderFactory(DjangoModelFactory):
    """An order in any status with one line; build it in a state with `status=...`."""

    class Meta:
        model = Order
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"T{n:013d}")
    customer = factory.SubFactory(UserFactory)
    subtotal = Decimal("59.00")
    shipping_fee = Decimal("8.00")
    total = factory.LazyAttribute(lambda o: o.subtotal + o.shipping_fee)
    shipping_name = factory.LazyAttribute(lambda o: o.customer.get_full_name() or o.customer.username)
    shipping_address = "88 Century Avenue, Pudong, Shanghai"
    status = Order.Status.PAID
    payment_reference = "sim_ch_test"

    @factory.post_generation
    def lines(obj, create, extracted, **kwargs):
        """One line of a new product unless `lines=[(product, quantity), ...]` is given."""
        if not create:
            return
        wanted = extracted if extracted is not None else [(ProductFactory(), 1)]
        for product, quantity in wanted:
            lot = product.lots.first() or LotFactory(product=product)
            OrderLine.objects.create(
                order=obj, product=product, lot=lot, title=product.title, title_zh=product.title_zh, quantity=quantity, unit_price=product.price
            )
