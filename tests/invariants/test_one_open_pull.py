"""One open pull per target: the database refuses a second one; a storm of concurrent pulls ends
with one pull, and the row lock and the partial unique constraint each keep it so on their own."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet

from andon.models import AndonPull, PullSupport
from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory
from flywheel.models import ListingState, Product
from members.factories import UserFactory
from tests.concurrency import run_together
from tickets.factories import ComplaintFactory, IssueCodeFactory

PULLERS = 12


def _open_pull_row(product, agent, issue_code):
    """A pull written straight to the table, as a buggy or concurrent writer would."""
    return AndonPull.objects.create(
        target_kind="product", target_key=f"product:{product.pk}", product=product, reason="Uncut pages",
        issue_code=issue_code, pulled_by=agent, rule_met=True, gmv_at_stake=0,
    )


@pytest.mark.django_db
def test_the_database_refuses_a_second_open_pull_for_one_target():
    product, agent, issue_code = ProductFactory(), UserFactory(roles=["agent"]), IssueCodeFactory()
    _open_pull_row(product, agent, issue_code)

    with pytest.raises(IntegrityError), transaction.atomic():
        _open_pull_row(product, agent, issue_code)

    assert AndonPull.objects.filter(product=product).count() == 1


@pytest.mark.django_db
def test_a_new_pull_is_allowed_once_the_old_one_is_no_longer_open():
    product, agent = ProductFactory(), UserFactory(roles=["agent"])
    first = pull_andon(agent=agent, complaint=ComplaintFactory(product=product), reason="Uncut pages").pull
    first.resolve()
    first.save()

    second = pull_andon(agent=agent, complaint=ComplaintFactory(product=product), reason="Uncut pages again")

    assert second.joined is False
    assert list(AndonPull.objects.filter(product=product).values_list("state", flat=True).order_by("pk")) == [
        AndonPull.State.RESOLVED, AndonPull.State.OPEN,
    ]


def _storm(product):
    """PULLERS agents pull the product at the same instant, each for a complaint of their own."""
    work = [(UserFactory(roles=["agent"]), ComplaintFactory(product=product)) for _ in range(PULLERS)]
    joined: list[bool] = []
    errors = run_together(*(
        lambda agent=agent, complaint=complaint: joined.append(pull_andon(agent=agent, complaint=complaint, reason="Uncut pages").joined)
        for agent, complaint in work
    ))
    return work, errors, joined


def _assert_one_pull_with_every_complaint(product, work, errors, joined):
    assert errors == []
    assert sorted(joined) == [False] + [True] * (PULLERS - 1)
    pull = AndonPull.objects.get(product=product)
    assert pull.state == AndonPull.State.OPEN
    assert set(PullSupport.objects.filter(pull=pull).values_list("complaint_id", flat=True)) == {c.pk for _, c in work}
    # The count the weekly report sums stays equal to the rows, whatever the interleaving.
    assert pull.support_count == PullSupport.objects.filter(pull=pull).count() == PULLERS
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_storm_of_simultaneous_pulls_makes_one_open_pull_with_every_complaint_attached():
    product = ProductFactory()

    _assert_one_pull_with_every_complaint(product, *_storm(product))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_row_lock_the_constraint_alone_keeps_a_storm_to_one_pull(monkeypatch):
    product = ProductFactory()
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *args, **kwargs: self)

    _assert_one_pull_with_every_complaint(product, *_storm(product))


@pytest.fixture
def without_the_one_open_pull_constraint(transactional_db):
    """Drop the partial unique index for one test, and put it back whatever happens."""
    constraint = next(c for c in AndonPull._meta.constraints if c.name == "one_open_pull_per_target")
    with connection.schema_editor() as editor:
        editor.remove_constraint(AndonPull, constraint)
    yield
    with connection.schema_editor() as editor:
        editor.add_constraint(AndonPull, constraint)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_constraint_the_row_lock_alone_keeps_a_storm_to_one_pull(without_the_one_open_pull_constraint):
    product = ProductFactory()

    _assert_one_pull_with_every_complaint(product, *_storm(product))
