"""Many agents pulling one product at the same instant end with exactly one open pull."""

import threading

import pytest
from django.db import connection

from andon.models import AndonPull, PullSupport
from andon.pulls.services import pull_andon
from flywheel.factories import ProductFactory
from flywheel.models import ListingState, Product
from members.factories import UserFactory
from tickets.factories import ComplaintFactory

PULLERS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_pulls_make_one_open_pull_with_every_complaint_attached():
    product = ProductFactory()
    work = [(UserFactory(roles=["agent"]), ComplaintFactory(product=product)) for _ in range(PULLERS)]
    barrier = threading.Barrier(PULLERS)
    errors: list[BaseException] = []
    joined: list[bool] = []

    def pull(agent, complaint):
        try:
            barrier.wait()
            joined.append(pull_andon(agent=agent, complaint=complaint, reason="Uncut pages").joined)
        except BaseException as exc:  # collected and asserted below: no agent may see an error
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=pull, args=pair) for pair in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(joined) == [False] + [True] * (PULLERS - 1)
    pull = AndonPull.objects.get()
    assert pull.state == AndonPull.State.OPEN
    assert set(PullSupport.objects.filter(pull=pull).values_list("complaint_id", flat=True)) == {c.pk for _, c in work}
    assert Product.objects.get(pk=product.pk).listing_state == ListingState.UNDER_REVIEW
