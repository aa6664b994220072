"""The listing state machine as the catalog's services drive it, and the audit trail it leaves."""

from datetime import datetime, timezone as tz

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from flywheel.errors import IllegalTransition
from flywheel.factories import ProductFactory
from flywheel.models import AuditEvent, ListingState, Product
from flywheel.services import apply_transition_to_each, publish_product, put_product_under_review, receive_lot, retire_product
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


def audit_rows_of(product: Product):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Product), object_id=str(product.pk)
    )


def state_in_db(product: Product) -> str:
    return Product.objects.values_list("listing_state", flat=True).get(pk=product.pk)


@pytest.fixture
def manager():
    return UserFactory(username="catalog-manager", is_staff=True)


def test_publishing_a_draft_puts_it_on_sale(manager):
    product = ProductFactory(listing_state=ListingState.DRAFT)

    published = publish_product(product=product, actor=manager)

    assert published.is_listed
    assert state_in_db(product) == ListingState.LISTED


def test_putting_a_listed_product_under_review_takes_it_off_sale(manager):
    product = ProductFactory(listing_state=ListingState.LISTED)

    put_product_under_review(product=product, actor=manager, note="pages 100-101 uncut")

    assert state_in_db(product) == ListingState.UNDER_REVIEW


@pytest.mark.parametrize("state", [ListingState.DRAFT, ListingState.LISTED, ListingState.UNDER_REVIEW])
def test_retiring_stops_selling_the_product_for_good(manager, state):
    product = ProductFactory(listing_state=state)

    retire_product(product=product, actor=manager)

    assert state_in_db(product) == ListingState.RETIRED


def test_the_caller_can_refresh_a_product_after_a_transition(manager):
    product = ProductFactory(listing_state=ListingState.DRAFT)

    publish_product(product=product, actor=manager)
    product.refresh_from_db()

    assert product.listing_state == ListingState.LISTED


@pytest.mark.parametrize(
    ("service", "start", "end"),
    [
        (publish_product, ListingState.DRAFT, ListingState.LISTED),
        (put_product_under_review, ListingState.LISTED, ListingState.UNDER_REVIEW),
        (retire_product, ListingState.LISTED, ListingState.RETIRED),
    ],
    ids=["publish", "put_under_review", "retire"],
)
def test_every_transition_writes_one_audit_row_with_actor_and_states(manager, service, start, end):
    product = ProductFactory(listing_state=start)

    service(product=product, actor=manager)

    row = audit_rows_of(product).get()
    assert (row.actor, row.from_state, row.to_state) == (manager, start, end)


def test_the_audit_row_keeps_the_reason_given_for_a_review(manager):
    product = ProductFactory(listing_state=ListingState.LISTED)

    put_product_under_review(product=product, actor=manager, note="pages 100-101 uncut")

    assert audit_rows_of(product).get().note == "pages 100-101 uncut"


@pytest.mark.parametrize(
    ("service", "state", "expected_message"),
    [
        (publish_product, ListingState.LISTED, "Cannot publish product: it is listed."),
        (put_product_under_review, ListingState.DRAFT, "Cannot put under review product: it is draft."),
        (retire_product, ListingState.RETIRED, "Cannot retire product: it is retired."),
    ],
    ids=["publish-listed", "review-draft", "retire-retired"],
)
def test_an_illegal_move_is_refused_naming_the_current_state(manager, service, state, expected_message):
    product = ProductFactory(listing_state=state)

    with pytest.raises(IllegalTransition) as refused:
        service(product=product, actor=manager)

    assert refused.value.message == expected_message
    assert refused.value.status_code == 409


@pytest.mark.parametrize(
    ("service", "state"),
    [
        (publish_product, ListingState.LISTED),
        (put_product_under_review, ListingState.DRAFT),
        (retire_product, ListingState.RETIRED),
    ],
    ids=["publish-listed", "review-draft", "retire-retired"],
)
def test_an_illegal_move_leaves_the_row_and_the_audit_trail_unchanged(manager, service, state):
    product = ProductFactory(listing_state=state)
    audit_before = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition):
        service(product=product, actor=manager)

    assert state_in_db(product) == state
    assert AuditEvent.objects.count() == audit_before


@pytest.fixture
def audit_row(manager):
    product = ProductFactory(listing_state=ListingState.LISTED)
    put_product_under_review(product=product, actor=manager, note="original note")
    return audit_rows_of(product).get()


def test_an_audit_row_cannot_be_saved_again(audit_row):
    audit_row.note = "rewritten"

    with pytest.raises(PermissionError):
        audit_row.save()

    assert AuditEvent.objects.get(pk=audit_row.pk).note == "original note"


def test_an_audit_row_cannot_be_deleted(audit_row):
    with pytest.raises(PermissionError):
        audit_row.delete()

    assert AuditEvent.objects.filter(pk=audit_row.pk).exists()


def test_audit_rows_cannot_be_updated_in_bulk(audit_row):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=audit_row.pk).update(note="rewritten")

    assert AuditEvent.objects.get(pk=audit_row.pk).note == "original note"


def test_audit_rows_cannot_be_rewritten_through_bulk_update(audit_row):
    audit_row.note = "rewritten"

    # bulk_update opens an atomic block without a savepoint; give it one so the test can read on.
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEvent.objects.bulk_update([audit_row], ["note"])

    assert AuditEvent.objects.get(pk=audit_row.pk).note == "original note"


def test_audit_rows_cannot_be_deleted_in_bulk(audit_row):
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.filter(pk=audit_row.pk).exists()


def test_a_bulk_transition_writes_one_audit_row_each_at_the_clocks_time():
    products = [ProductFactory(listing_state=ListingState.LISTED) for _ in range(3)]
    stamped = datetime(2026, 1, 2, 3, 4, 5, tzinfo=tz.utc)

    with time_machine.travel(stamped, tick=False):  # as the demo's story backdates its steps
        apply_transition_to_each(objs=products, verb="put_under_review", field="listing_state", note="bulk")

    rows = AuditEvent.objects.filter(action="put_under_review", note="bulk")
    assert sorted(rows.values_list("object_id", flat=True)) == sorted(str(p.pk) for p in products)
    assert set(rows.values_list("at", flat=True)) == {stamped}
    assert set(Product.objects.filter(pk__in=[p.pk for p in products]).values_list("listing_state", flat=True)) == {ListingState.UNDER_REVIEW}


def test_a_bulk_transition_with_one_illegal_row_moves_none():
    listed, retired = ProductFactory(listing_state=ListingState.LISTED), ProductFactory(listing_state=ListingState.RETIRED)

    with pytest.raises(IllegalTransition):
        apply_transition_to_each(objs=[listed, retired], verb="put_under_review", field="listing_state")

    assert state_in_db(listed) == ListingState.LISTED
    assert not AuditEvent.objects.filter(action="put_under_review").exists()


def test_receiving_a_lot_leaves_an_audit_row_naming_who_booked_it(db):
    clerk = UserFactory(username="zhao", roles=["warehouse"])
    product = ProductFactory(sku="BK-1", stock=0)

    lot = receive_lot(product=product, code="LOT-9", quantity=40, actor=clerk)

    [event] = AuditEvent.objects.filter(content_type__model="lot", object_id=str(lot.pk))
    assert (lot.quantity_on_hand, event.action, event.actor, event.note) == (40, "receive", clerk, "BK-1: 40")
