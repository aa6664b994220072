"""factory-boy factories for complaints; used by the tests and by `manage.py demo`."""

import factory
from factory.django import DjangoModelFactory

from members.factories import OrderFactory, UserFactory

from .models import Complaint, IssueCode, Process


class IssueCodeFactory(DjangoModelFactory):
    """The common codes exist from a migration; this returns them by code or makes new ones."""

    class Meta:
        model = IssueCode
        django_get_or_create = ("code",)

    code = "print-defect"
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())


class ProcessFactory(DjangoModelFactory):
    class Meta:
        model = Process

    code = factory.Sequence(lambda n: f"process-{n}")
    name = factory.Sequence(lambda n: f"Returns desk step {n}")
    name_zh = factory.Sequence(lambda n: f"退货流程 {n}")


class ComplaintFactory(DjangoModelFactory):
    """A complaint about the product of one of the customer's order lines (give `product=` to choose it)."""

    class Meta:
        model = Complaint
        exclude = ("order",)

    customer = factory.SubFactory(UserFactory)
    order = factory.LazyAttribute(
        lambda o: OrderFactory(customer=o.customer, lines=[(o.product, 1)]) if o.product is not None else None
    )
    order_line = factory.LazyAttribute(lambda o: o.order.lines.first() if o.order is not None else None)
    lot = factory.LazyAttribute(lambda o: o.order_line.lot if o.order_line is not None else None)
    product = None
    issue_code = factory.SubFactory(IssueCodeFactory)
    text = "Pages 100-101 are uncut."
    channel = Complaint.Channel.PHONE
