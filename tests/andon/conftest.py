"""Fixtures shared by the andon's test files: the back office's people and their API clients, a book and a pull on it.

A test file that needs a different product (say, one out of stock) defines its own `product`,
which takes precedence over this one.
"""

import pytest

from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory, SupplierFactory
from members.factories import UserFactory
from tickets.factories import ComplaintFactory

BACK_OFFICE = ("agent", "vendor_manager", "partner_manager", "warehouse", "quality", "manager")


@pytest.fixture
def people(db):
    """One user a back-office role, keyed and named by the role, and a member with none."""
    return {role: UserFactory(username=role, roles=[role]) for role in BACK_OFFICE} | {"member": UserFactory(username="member")}


@pytest.fixture
def api(people, api_for):
    """API clients logged in as each of `people`, and as an executive, keyed as `people` is."""
    executive = UserFactory(username="executive", roles=["executive"])
    return {name: api_for(user) for name, user in (people | {"executive": executive}).items()}


@pytest.fixture
def product(people):
    return ProductFactory(sku="BOOK-RIVER", title="The Silent River", stock=10, supplier=SupplierFactory(vendor_manager=people["vendor_manager"]))


@pytest.fixture
def pull(people, product):
    complaint = ComplaintFactory(product=product, text="Pages 100-101 are uncut.")
    return pull_andon(agent=people["agent"], complaint=complaint, reason="Pages uncut").pull
