"""Work orders about a partner go to the partner managers' department, not the vendor managers'."""

import pytest
from django.contrib.auth.models import Group

from andon.models import Department, WorkOrder
from andon.pulls.services import pull_andon
from andon.work_orders.policy import departments_of, may_work_on, visible_to
from andon.work_orders.selectors import department_members
from andon.work_orders.services import start_work_order
from flywheel.errors import DomainError
from flywheel.factories import PartnerFactory
from members.factories import UserFactory
from members.roles import STAFF_ROLES, Role
from tickets.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rectification(people):
    # No named partner manager: only the department's role decides who works it.
    partner = PartnerFactory(partner_manager=None)
    pull = pull_andon(agent=people["agent"], complaint=ComplaintFactory(partner=partner), reason="Overcharges").pull
    return pull.work_orders.get(kind=WorkOrder.Kind.RECTIFICATION)


def test_the_partner_manager_role_group_exists_with_its_admin_permissions():
    group = Group.objects.get(name=Role.PARTNER_MANAGER)

    assert {"change_partner", "view_workorder", "change_workorder"} <= set(group.permissions.values_list("codename", flat=True))


def test_partner_managers_are_a_staff_role():
    assert Role.PARTNER_MANAGER in STAFF_ROLES


def test_a_partner_manager_works_the_rectification_of_a_pulled_partner(people, rectification):
    started = start_work_order(work_order=rectification, actor=people["partner_manager"])

    assert started.state == WorkOrder.State.IN_PROGRESS


def test_a_vendor_manager_does_not_work_a_partners_rectification(people, rectification):
    assert may_work_on(people["vendor_manager"], rectification) is False
    with pytest.raises(DomainError):
        start_work_order(work_order=rectification, actor=people["vendor_manager"])


def test_the_rectification_is_in_the_partner_managers_queue_not_the_vendor_managers(people, rectification):
    assert WorkOrder.objects.filter(visible_to(people["partner_manager"]), pk=rectification.pk).exists()
    assert not WorkOrder.objects.filter(visible_to(people["vendor_manager"]), pk=rectification.pk).exists()


def test_the_partner_managers_queue_is_partner_management(people):
    assert departments_of(people["partner_manager"]) == [Department.PARTNER_MANAGEMENT]


def test_a_partners_work_order_is_announced_to_the_partner_managers(people):
    other_partner_manager = UserFactory(roles=[Role.PARTNER_MANAGER])

    members = set(department_members(Department.PARTNER_MANAGEMENT))

    assert members == {people["partner_manager"], other_partner_manager}
