"""The role groups carry the admin permissions their work needs, and no more."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from andon.models import DepartmentLead
from members import roles
from flywheel.factories import SupplierFactory
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


def staff(client, role: str):
    user = UserFactory(username=f"{role}-staff", is_staff=True, roles=[role])
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("role", "opens", "refused"),
    [
        ("manager", ["andon_andonpull", "andon_workorder", "tickets_complaint", "flywheel_auditevent"], ["members_cart"]),
        ("executive", ["andon_andonpull", "members_order", "tickets_compensation"], ["members_cart"]),
        ("warehouse", ["andon_workorder", "members_order", "flywheel_lot"], ["tickets_complaint", "flywheel_auditevent"]),
        ("vendor_manager", ["andon_workorder", "flywheel_supplier"], ["members_order", "tickets_complaint"]),
        ("partner_manager", ["andon_workorder", "flywheel_partner"], ["members_order", "tickets_complaint", "flywheel_auditevent"]),
        ("quality", ["andon_workorder", "andon_rootcausereview"], ["members_order"]),
        ("agent", ["tickets_complaint", "andon_andonpull"], ["andon_workorder", "flywheel_auditevent"]),
    ],
)
def test_each_role_opens_its_admin_pages_and_is_refused_the_others(client, role, opens, refused):
    staff(client, role)

    assert client.get(reverse("admin:index")).status_code == 200
    for page in opens:
        assert client.get(reverse(f"admin:{page}_changelist")).status_code == 200, page
    for page in refused:
        assert client.get(reverse(f"admin:{page}_changelist")).status_code == 403, page


def test_an_executive_reads_work_orders_but_cannot_run_their_actions(client):
    user = staff(client, "executive")

    assert user.has_perm("andon.view_workorder") and not user.has_perm("andon.change_workorder")


def test_no_role_may_edit_a_product_in_the_admin(client):
    for role in roles.Role.values:
        assert not Group.objects.get(name=role).permissions.filter(codename="change_product").exists(), role


def test_a_vendor_manager_cannot_reassign_a_supplier_to_someone_else(client):
    staff(client, "vendor_manager")
    supplier = SupplierFactory(vendor_manager=UserFactory(username="other-vm", roles=["vendor_manager"]))
    stranger = UserFactory(username="stranger")

    response = client.post(
        reverse("admin:flywheel_supplier_change", args=[supplier.pk]), {"name": supplier.name, "vendor_manager": stranger.pk}
    )

    assert response.status_code == 403
    supplier.refresh_from_db()
    assert supplier.vendor_manager.username == "other-vm"


def test_the_andon_pages_box_is_on_the_front_page_only(client):
    staff(client, "manager")

    assert "admin-andon-pages" in client.get(reverse("admin:index")).content.decode()
    assert "admin-andon-pages" not in client.get(reverse("admin:app_list", args=["members"])).content.decode()


def test_the_admin_front_page_links_a_manager_to_the_reports_and_the_board(client):
    staff(client, "manager")

    page = client.get(reverse("admin:index")).content.decode()

    for name in ("andon:board", "work:queue", "reports:relist-rate", "reports:pareto"):
        assert f'href="{reverse(name)}"' in page, name


def test_the_admin_front_page_shows_an_agent_the_board_but_not_the_reports(client):
    staff(client, "agent")

    page = client.get(reverse("admin:index")).content.decode()

    assert f'href="{reverse("andon:board")}"' in page
    assert reverse("reports:relist-rate") not in page and reverse("work:queue") not in page


def test_granting_is_idempotent_and_puts_back_a_removed_permission():
    assert roles.grant_role_permissions() == 0  # migrate already granted them

    warehouse = Group.objects.get(name="warehouse")
    warehouse.permissions.remove(Permission.objects.get(codename="change_workorder"))
    warehouse.permissions.add(Permission.objects.get(codename="delete_order"))

    assert roles.grant_role_permissions() == 1
    codenames = set(warehouse.permissions.values_list("codename", flat=True))
    assert "change_workorder" in codenames and "delete_order" not in codenames


def test_a_misspelt_permission_is_an_error_naming_it(monkeypatch):
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, "agent", ["tickets.view_complaints"])

    with pytest.raises(LookupError, match="tickets.view_complaints"):
        roles.grant_role_permissions()


def test_after_migrating_one_app_alone_a_missing_permission_changes_nothing(monkeypatch):
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, "agent", ["tickets.view_complaint", "later_app.view_thing"])

    assert roles.grant_role_permissions(strict=False) == 0
    assert Group.objects.get(name="agent").permissions.count() > 1  # what it had, untouched


def test_a_manager_names_a_department_lead_from_the_staff(client):
    staff(client, "manager")
    lead = UserFactory(username="wh-lead", is_staff=True, roles=["warehouse"])
    UserFactory(username="a-customer")

    form = client.get(reverse("admin:andon_departmentlead_add"))
    client.post(reverse("admin:andon_departmentlead_add"), {"department": "warehouse", "lead": lead.pk})

    offered = [choice.instance.username for choice, _label in list(form.context["adminform"].form.fields["lead"].choices)[1:]]
    assert "a-customer" not in offered and "wh-lead" in offered
    assert DepartmentLead.objects.get(department="warehouse").lead == lead


def test_the_warehouse_cannot_name_its_own_lead(client):
    staff(client, "warehouse")

    assert client.get(reverse("admin:andon_departmentlead_add")).status_code == 403


@pytest.mark.parametrize(
    ("department", "role", "error_on"),
    [("warehouse", "agent", "lead"), ("process_owner", "agent", "department")],
)
def test_a_lead_outside_the_department_is_refused(client, department, role, error_on):
    staff(client, "manager")
    outsider = UserFactory(username="outsider", is_staff=True, roles=[role])

    response = client.post(reverse("admin:andon_departmentlead_add"), {"department": department, "lead": outsider.pk})

    assert response.status_code == 200 and response.context["adminform"].form.errors[error_on]
    assert not DepartmentLead.objects.exists()


@pytest.mark.parametrize("app", ["flywheel", "members", "tickets", "andon"])
def test_each_app_grants_only_its_own_permissions_from_its_own_roles_module(app):
    declared = importlib.import_module(f"{app}.roles").ROLE_PERMISSIONS

    assert declared and {perm.split(".")[0] for perms in declared.values() for perm in perms} == {app}


def test_the_roles_get_what_every_app_declares_for_them():
    from andon.roles import ROLE_PERMISSIONS as andon_grants

    assert set(andon_grants[roles.Role.QUALITY]) <= roles.role_permissions()[roles.Role.QUALITY]
    assert "members.view_order" in roles.role_permissions()[roles.Role.WAREHOUSE]
