# Run by .ci/smoke-production through `manage.py shell`: one listed product with stock, and one staff
# manager who signs in over HTTP. Goes through the services, as the admin would.
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from flywheel.models import Category, Product, Supplier
from flywheel.services import publish_product, receive_lot

supplier = Supplier.objects.create(name="Smoke Supplier", name_zh="冒烟供应商", code="smoke-supplier")
category = Category.objects.create(name="Smoke", name_zh="冒烟", slug="smoke")
product = Product.objects.create(
    sku="SMOKE-1", title="Smoke kettle", title_zh="冒烟水壶", price="59.00", cost="40.00",
    supplier=supplier, category=category,
)
receive_lot(product=product, code="SMOKE-LOT-1", quantity=5)
publish_product(product=product)

manager = get_user_model().objects.create_user(
    username="smoke-manager", email="smoke-manager@andon.example", password=os.environ["SMOKE_PASSWORD"], is_staff=True
)
manager.groups.add(Group.objects.get(name="manager"))
print("seeded", product.sku, manager.username)
