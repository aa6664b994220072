"""Fixtures shared by the andon's test files: the back office's people, a book and a pull on it.

A test file that needs a different product (say, one out of stock) defines its own `product`,
which takes precedence over this one.
"""

import pytest

from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory, SupplierFactory
from members.factories import UserFactory
from tickets.factories import ComplaintFactory


@pytest.fixture
def people(db):
    return {
        "agent": UserFactory(username="agent", roles=["agent"]),
        "vendor": UserFactory(username="vendor", roles=["vendor_manager"]),
        "warehouse": UserFactory(username="warehouse", roles=["warehouse"]),
        "quality": UserFactory(username="quality", roles=["quality"]),
        "manager": UserFactory(username="manager", roles=["manager"]),
    }


@pytest.fixture
def product(people):
    return ProductFactory(sku="BOOK-RIVER", title="The Silent River", stock=10, supplier=SupplierFactory(vendor_manager=people["vendor"]))


@pytest.fixture
def pull(people, product):
    complaint = ComplaintFactory(product=product, text="Pages 100-101 are uncut.")
    return pull_andon(agent=people["agent"], complaint=complaint, reason="Pages uncut").pull
