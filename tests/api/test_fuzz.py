"""Property-based fuzzing of every operation of the REST API, generated from its OpenAPI schema.

Schemathesis reads /api/schema/ and, for each of its operations, sends generated requests - valid
ones, deliberately invalid ones and the schema's boundary values - to the WSGI application in this
process, as four callers: anonymous, a member, an agent and a manager (the last three with a
token). Every answer must

- never be a server error (`not_a_server_error`): bad input is a 4xx JSON error;
- have a status code the schema declares for the operation (`status_code_conformance`);
- have a content type the schema declares for that status (`content_type_conformance`);
- have a body that matches the schema declared for that status (`response_schema_conformance`).

Two more checks schemathesis offers are left out on purpose, because they fail on behaviour we
chose: `negative_data_rejection` (an empty query value such as `?state=` or `?page=` is read as "no
filter", as the storefront's own forms send it) and `positive_data_acceptance` (a request the
schema allows can still name a SKU or a complaint that does not exist, or break a rule: 400/409).

The callers act on a small shop built once for the module (products in every listing state, a
member's cart and orders, complaints about a product, a partner and a process, an open pull with
its work orders and root-cause review, a warning). Each operation runs in its own transaction,
rolled back after it, so what one operation's examples write (a cart line, a why, a started work
order) only its later examples see.

Generated SKUs, ids, usernames and codes mostly name nothing; half of the time each one is swapped
for one that exists (`KNOWN`), so that the fuzzer also reaches the code behind the 404s and 400s.

Deterministic for CI: a fixed seed, `derandomize`, no example database, a capped number of
examples (about a minute for the 124 tests on SQLite).
"""

import os

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from andon.models import WorkOrder
from andon.pulls.services import pull_andon, warn_owners
from andon.reviews.services import add_corrective_action, add_why
from andon.work_orders.services import record_supplier_answer, start_work_order
from flywheel.factories import CategoryFactory, PartnerFactory, ProductFactory, SupplierFactory
from flywheel.models import ListingState
from members.cart.services import add_to_cart
from members.factories import OrderFactory, UserFactory
from tickets.factories import ComplaintFactory, IssueCodeFactory, ProcessFactory

pytestmark = pytest.mark.fuzz

# CI's budget (about a minute on SQLite). A deeper run: API_FUZZ_EXAMPLES=300 pytest tests/api/test_fuzz.py -n 8
EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES", "15"))
# The coverage phase adds the schema's boundary values (empty, too long, wrong type) to the random examples.
PHASES = os.environ.get("API_FUZZ_PHASES", "examples,coverage,fuzzing").split(",")
SEED = 20261101

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
schema.config.seed = SEED
schema.config.generation.update(max_examples=EXAMPLES_PER_OPERATION, deterministic=True, database="none")
schema.config.phases.update(phases=PHASES)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# References that exist, by the name of the parameter or body field that carries them; filled by
# the `callers` fixture before any example is drawn.
KNOWN: dict[str, list] = {}


def _sometimes_known(values):
    """Each value that names a reference stays as generated or becomes one that exists, half and half."""
    if not isinstance(values, dict):
        return st.just(values)
    names = list(values)
    drawn = [
        st.one_of(st.just(values[name]), st.sampled_from(KNOWN[name])) if KNOWN.get(name) else st.just(values[name])
        for name in names
    ]
    return st.tuples(*drawn).map(lambda chosen: dict(zip(names, chosen)))


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    return _sometimes_known(path_parameters)


@schema.hook
def flatmap_query(context, query):
    return _sometimes_known(query)


@schema.hook
def flatmap_body(context, body):
    return _sometimes_known(body)


def _build_shop() -> dict:
    """A small shop with something in every state the API can show; returns the callers' users."""
    books = CategoryFactory(slug="books", name="Books")
    fiction = CategoryFactory(slug="fiction", name="Fiction", parent=books)
    vendor_manager = UserFactory(username="vendor", roles=["vendor_manager"])
    supplier = SupplierFactory(code="river-press", vendor_manager=vendor_manager)
    people = {
        role: UserFactory(username=role, roles=[role]) for role in ("agent", "manager", "warehouse", "quality", "executive")
    }
    member = UserFactory(username="mei")
    neighbours = [UserFactory(username=f"reader{n}") for n in range(3)]

    on_sale = ProductFactory(sku="BOOK-LISTED", category=fiction, supplier=supplier, stock=30)
    pulled = ProductFactory(sku="BOOK-PULLED", category=fiction, supplier=supplier, stock=12)
    ProductFactory(sku="BOOK-SOLDOUT", category=fiction, supplier=supplier, stock=0)
    ProductFactory(sku="BOOK-RETIRED", category=books, listing_state=ListingState.RETIRED)
    ProductFactory(sku="BOOK-DRAFT", category=books, listing_state=ListingState.DRAFT)
    partner = PartnerFactory(name="Quick Fix", city="Shanghai")
    PartnerFactory(name="Slow Fix", city="Beijing", listing_state=ListingState.UNDER_REVIEW)
    returns_desk = ProcessFactory(code="returns-desk")

    orders = [OrderFactory(customer=member, lines=[(on_sale, 1)]), OrderFactory(customer=member, lines=[(pulled, 2)])]
    OrderFactory(customer=neighbours[0], lines=[(on_sale, 1)])  # someone else's order: not found for mei
    add_to_cart(customer=member, product=on_sale, quantity=2)  # checkout can succeed
    add_to_cart(customer=people["agent"], product=pulled, quantity=1)  # pulled below: checkout refused

    print_defect = IssueCodeFactory(code="print-defect")
    complaints = [ComplaintFactory(customer=customer, product=pulled, issue_code=print_defect) for customer in neighbours[:2]]
    complaints.append(ComplaintFactory(customer=member, product=on_sale, issue_code=IssueCodeFactory(code="damaged-in-transit")))
    complaints.append(ComplaintFactory(customer=neighbours[2], partner=partner, issue_code=print_defect))
    complaints.append(ComplaintFactory(customer=neighbours[2], process=returns_desk, issue_code=print_defect))

    pull = pull_andon(agent=people["agent"], complaint=complaints[0], reason="Pages 100-101 uncut").pull
    pull_andon(agent=people["manager"], complaint=complaints[1], reason="Same defect, second customer")  # +1
    supplier_order = pull.work_orders.get(kind=WorkOrder.Kind.SUPPLIER)
    record_supplier_answer(work_order=supplier_order, complaint=complaints[0], answer="Binding fault", actor=vendor_manager)
    start_work_order(work_order=pull.work_orders.get(kind=WorkOrder.Kind.WAREHOUSE), actor=people["warehouse"])
    review = pull.review
    add_why(review=review, actor=people["manager"], question="Why were the pages uncut?", answer="The trimmer jammed")
    add_corrective_action(
        review=review, actor=people["manager"], description="Service the trimmer", owner=vendor_manager,
        due_on=pull.pulled_at.date(),
    )
    warn_owners(agent=people["agent"], complaint=complaints[2], reason="Boxes arrive crushed")

    skus = ["BOOK-LISTED", "BOOK-PULLED", "BOOK-SOLDOUT", "BOOK-RETIRED", "BOOK-DRAFT"]
    order_numbers = [order.number for order in orders] + ["T0000000000000"]
    KNOWN.update(
        sku=skus,
        number=order_numbers,
        order_number=order_numbers,
        id=[complaint.pk for complaint in complaints] + [pull.pk, review.pk]
        + list(pull.work_orders.values_list("pk", flat=True)),
        complaint=[complaint.pk for complaint in complaints],
        customer=["mei", "reader0", "agent"],
        owner=["vendor", "manager"],
        issue_code=["print-defect", "damaged-in-transit"],
        partner=[partner.pk],
        process=["returns-desk"],
        target=[*skus, str(partner.pk), "returns-desk"],
        category=["books", "fiction"],
        card_number=["4242 4242 4242 4242", "4000 0000 0000 0002"],  # paid, declined (402)
    )
    return {"anonymous": None, "member": member, "agent": people["agent"], "manager": people["manager"]}


@pytest.fixture(scope="module")
def connection_kept_between_requests():
    """Django closes the database connection when a request finishes; in a test that would end the
    test's transaction (on PostgreSQL). Django's test client unhooks this too; schemathesis calls the
    WSGI application directly, so it is unhooked here for the module."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def callers(django_db_setup, django_db_blocker, connection_kept_between_requests):
    """The shop, built once in a transaction that is rolled back after the module; the callers' tokens."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            users = _build_shop()
            tokens = {name: (Token.objects.create(user=user).key if user else None) for name, user in users.items()}
            yield tokens
            transaction.set_rollback(True)
    KNOWN.clear()


@pytest.fixture(params=["anonymous", "member", "agent", "manager"])
def auth_headers(request, callers) -> dict:
    token = callers[request.param]
    return {"Authorization": f"Token {token}"} if token else {}


@schema.parametrize()
@hypothesis.settings(
    deadline=None,  # a request's time depends on the machine; a deadline would make CI flaky
    # `db` is function-scoped on purpose: one transaction per operation, shared by its examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_answers_every_request_as_its_schema_says(case, auth_headers, db):
    case.call_and_validate(headers=auth_headers, checks=CHECKS)
