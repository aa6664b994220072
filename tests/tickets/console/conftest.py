from decimal import Decimal

import pytest

from flywheel.factories import ProductFactory


@pytest.fixture
def product(db):
    """The book the console's complaints are about."""
    return ProductFactory(title="The Silent River", sku="BOOK-RIVER", price=Decimal("50.00"))
