"""Teams with their managers, and pulls made by their agents: what the verdict tests judge."""

from datetime import date

import pytest

from andon.pulls.services import pull_andon
from flywheel.factories import LotFactory, ProductFactory, SupplierFactory
from members.factories import OrderFactory, UserFactory
from members.models import Order, Team, TeamMembership
from tickets.factories import ComplaintFactory


@pytest.fixture
def teams(people):
    """Two teams: "north" managed by people["manager"] with people["agent"] in it, "south" with its own manager and agent."""
    south_manager = UserFactory(username="south_manager", roles=["manager"])
    north = Team.objects.create(name="North", name_zh="北组", code="north", manager=people["manager"])
    south = Team.objects.create(name="South", name_zh="南组", code="south", manager=south_manager)
    TeamMembership.objects.create(team=north, user=people["agent"], started_on=date(2020, 1, 1))
    south_agent = UserFactory(username="south_agent", roles=["agent"])
    TeamMembership.objects.create(team=south, user=south_agent, started_on=date(2020, 1, 1))
    return {"north": north, "south": south, "south_manager": south_manager, "south_agent": south_agent}


@pytest.fixture
def held(people, teams, django_capture_on_commit_callbacks):
    """A product pulled by the north team's agent, with two lots and a paid order of it: all held."""
    product = ProductFactory(stock=0, supplier=SupplierFactory(vendor_manager=people["vendor_manager"]))
    lots = [LotFactory(product=product, quantity_received=10) for _ in range(2)]
    order = OrderFactory(status=Order.Status.PAID, lines=[(product, 1)])
    with django_capture_on_commit_callbacks(execute=True):
        pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(product=product), reason="Pages uncut").pull
    return pull, order, lots


def pull_by(agent, **product):
    return pull_andon(agent=agent, complaint=ComplaintFactory(product=ProductFactory(**product)), reason="Spine cracked").pull
