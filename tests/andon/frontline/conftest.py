"""Fixtures of the front line: managing staff of each department, a day today, a complaint about a book."""

from datetime import timedelta

import pytest
from django.utils import timezone

from andon.frontline.models import FrontLineDay
from flywheel.factories import ProductFactory
from members.factories import UserFactory
from tickets.factories import ComplaintFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def vendor_manager(db):
    return UserFactory(username="vm", roles=["vendor_manager"])


@pytest.fixture
def executive(db):
    return UserFactory(username="exec", roles=["executive"])


@pytest.fixture
def book(db):
    return ProductFactory(sku="BOOK-FRONT", title="The Front Line", stock=10)


@pytest.fixture
def complaint(book):
    return ComplaintFactory(product=book, text="The cover came off.")


def make_day(staff, on, *, state=FrontLineDay.State.SCHEDULED, by=None) -> FrontLineDay:
    """A day row as the services leave it (tests of reads need days in any state, and in the past)."""
    day = FrontLineDay.objects.create(staff=staff, scheduled_on=on, scheduled_by=by or staff)
    if state != FrontLineDay.State.SCHEDULED:
        FrontLineDay.objects.filter(pk=day.pk).update(state=state)
    return day


@pytest.fixture
def on_the_front_line(vendor_manager, today):
    """The vendor manager's front-line day is today."""
    return make_day(vendor_manager, today)


def days_ago(n: int):
    return timezone.now() - timedelta(days=n)
