"""`manage.py demo` fills an empty database with a consistent store once, and never twice."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F

from andon.demo import DEMO_LOGINS, DemoSize
from andon.models import AndonPull, AndonWarning, RootCauseReview, WorkOrder
from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent, Category, ListingState, Lot, Product
from members.factories import DEMO_PASSWORD
from members.models import Notification, Order
from members.roles import Role
from tickets.models import Compensation, Complaint

pytestmark = pytest.mark.django_db

SMALL = {"products": 40, "orders": 60, "customers": 8}


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        "products": Product.objects.count(),
        "orders": Order.objects.count(),
        "users": get_user_model().objects.count(),
        "lots": Lot.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "complaints": Complaint.objects.count(),
        "compensations": Compensation.objects.count(),
        "pulls": AndonPull.objects.count(),
        "work orders": WorkOrder.objects.count(),
        "reviews": RootCauseReview.objects.count(),
        "warnings": AndonWarning.objects.count(),
        "notifications": Notification.objects.count(),
    }


def test_second_run_changes_no_row_counts(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the jobs that send notifications run
        run_demo(**SMALL)
    before = row_counts()

    with django_capture_on_commit_callbacks(execute=True):
        run_demo(**SMALL)

    assert row_counts() == before


def test_second_run_changes_no_state(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_demo(**SMALL)
    before = states()

    with django_capture_on_commit_callbacks(execute=True):
        run_demo(**SMALL)

    assert states() == before


def states() -> dict[str, list]:
    return {
        "products": list(Product.objects.order_by("pk").values_list("listing_state", flat=True)),
        "orders": list(Order.objects.order_by("pk").values_list("status", flat=True)),
        "pulls": list(AndonPull.objects.order_by("pk").values_list("state", flat=True)),
        "work orders": list(WorkOrder.objects.order_by("pk").values_list("state", flat=True)),
        "complaints": list(Complaint.objects.order_by("pk").values_list("state", flat=True)),
    }


# A real commit: the jobs then run in the order they were queued, the dating last, as in a real
# run (capturing on-commit callbacks would run the jobs' own deferred enqueues after it).
@pytest.mark.django_db(transaction=True)
def test_the_story_sends_its_notifications_dated_when_it_happened():
    run_demo(**SMALL)
    oldest = AndonPull.objects.earliest("pulled_at")

    notification = Notification.objects.get(key=f"pull-opened:{oldest.pk}", recipient__username="warehouse")

    assert notification.created_at == oldest.pulled_at


def test_second_run_says_nothing_changed():
    run_demo(**SMALL)

    output = run_demo(**SMALL)

    assert "Demo data is already loaded; nothing changed." in output


def test_run_on_a_database_with_products_changes_nothing():
    ProductFactory()  # someone's own data, not the demo's: still "loaded"
    before = row_counts()

    run_demo(**SMALL)

    assert row_counts() == before


def test_first_run_prints_the_logins_and_the_address():
    output = run_demo(**SMALL)

    assert "http://127.0.0.1:8000" in output
    assert all(f"{login.username} " in output for login in DEMO_LOGINS)
    assert DEMO_PASSWORD in output


def test_every_role_has_one_login_in_its_group():
    run_demo(**SMALL)

    users = get_user_model().objects
    assert {role: list(users.filter(username=role).values_list("groups__name", flat=True)) for role in Role.values} == {
        role: [role] for role in Role.values
    }


def test_admin_login_is_a_superuser():
    run_demo(**SMALL)

    assert get_user_model().objects.get(username="admin").is_superuser


def test_member_can_log_in_with_the_demo_password(client):
    run_demo(**SMALL)

    # Through the sign-in page: django-axes needs the request (the test client's login() has none).
    response = client.post("/accounts/login/", {"username": "member", "password": "andon-demo"})

    assert (response.status_code, "_auth_user_id" in client.session) == (302, True)


def test_member_has_a_few_orders():
    run_demo(**SMALL)

    assert 3 <= Order.objects.filter(customer__username="member").count() <= 10


def test_products_are_in_all_four_top_categories():
    run_demo(**SMALL)

    tops = Category.objects.filter(parent=None, children__products__isnull=False).distinct()
    assert sorted(tops.values_list("name_zh", flat=True)) == sorted(["图书", "电子产品", "家居", "食品"])


def test_orders_exist_in_every_status():
    run_demo(**SMALL)

    assert set(Order.objects.values_list("status", flat=True)) == set(Order.Status.values)


def test_no_lot_has_negative_or_excess_stock():
    run_demo(**SMALL)

    assert not Lot.objects.filter(quantity_on_hand__lt=0).exists()
    assert not Lot.objects.filter(quantity_on_hand__gt=F("quantity_received")).exists()


def test_every_order_total_is_its_lines_plus_shipping():
    run_demo(**SMALL)

    # Summed in Python: SQLite adds decimals as floats.
    mismatched = [
        order.number
        for order in Order.objects.prefetch_related("lines")
        if order.total != sum(line.unit_price * line.quantity for line in order.lines.all()) + order.shipping_fee
    ]
    assert mismatched == []


def test_no_product_has_a_gross_margin_above_fourteen_percent():
    run_demo(**SMALL)

    assert [product.sku for product in Product.objects.all() if product.gross_margin > 0.14] == []


def test_on_hold_orders_carry_a_reason():
    run_demo(**SMALL)

    assert not Order.objects.filter(status=Order.Status.ON_HOLD, hold_reason="").exists()


def test_products_come_in_every_listing_state():
    run_demo(**SMALL)

    assert set(Product.objects.values_list("listing_state", flat=True)) == set(ListingState.values)


def test_default_demo_builds_the_full_store():
    output = run_demo()

    assert "Demo store loaded" in output
    assert Product.objects.count() == 300
    assert Order.objects.exclude(payment_reference="replacement").count() == 400  # and the story's free replacements
    assert set(Order.objects.values_list("status", flat=True)) == set(Order.Status.values)
    assert not Lot.objects.filter(quantity_on_hand__lt=0).exists()


def test_largest_scale_reaches_a_hundred_thousand_products_and_a_million_orders():
    size = DemoSize.for_scale(334)

    assert (size.products, size.orders) == (100_000, 1_000_000)


def test_scale_multiplies_products_and_orders():
    size = DemoSize.for_scale(10)

    assert (size.products, size.orders) == (3_000, 30_000)
