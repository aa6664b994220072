"""Staff roles are Django groups, created by a data migration; these are their names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("customer-service agent")
    MANAGER = "manager", _("customer-service manager")
    VENDOR_MANAGER = "vendor_manager", _("vendor manager")
    WAREHOUSE = "warehouse", _("warehouse and logistics")
    QUALITY = "quality", _("service confirmer (quality)")
    EXECUTIVE = "executive", _("executive")


def has_role(user, *roles: str) -> bool:
    """True when the user is in any of the groups; superusers hold every role."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names  # one query per request, not per check
    return any(role in names for role in roles)


def is_staff_role(user) -> bool:
    return has_role(user, *Role.values)


# What each role may open in the Django admin, as "app_label.action_model" permission names.
# Granted to the role groups after every migrate (members.apps), so a new model or a changed line
# here reaches existing databases without a data migration. "change" on a work order only unlocks
# the admin actions; they call the services, which still decide who may move which one.
_READ_PULLS = ["andon.view_andonpull", "andon.view_andonwarning", "andon.view_rootcausereview", "andon.view_workorder"]
_WORK_ORDERS = ["andon.change_workorder"]
_CATALOG = ["flywheel.view_product", "flywheel.view_lot", "flywheel.view_supplier", "flywheel.view_partner", "flywheel.view_category"]
_READ_EVERYTHING = _READ_PULLS + _CATALOG + [
    "andon.view_departmentlead",
    "flywheel.view_auditevent", "members.view_order", "members.view_coupon",
    "tickets.view_complaint", "tickets.view_compensation", "tickets.view_issuecode", "tickets.view_process",
]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: ["tickets.view_complaint", "tickets.view_issuecode", "members.view_order", "flywheel.view_product", "andon.view_andonpull"],
    Role.MANAGER: _READ_EVERYTHING + _WORK_ORDERS + [
        "tickets.add_issuecode", "tickets.change_issuecode", "tickets.add_process", "tickets.change_process",
        "andon.add_departmentlead", "andon.change_departmentlead", "andon.delete_departmentlead",
    ],
    # Not change_supplier: the supplier's named vendor manager is who works its work orders.
    Role.VENDOR_MANAGER: _READ_PULLS + _WORK_ORDERS + _CATALOG,
    Role.WAREHOUSE: _READ_PULLS + _WORK_ORDERS + _CATALOG + ["members.view_order"],
    Role.QUALITY: _READ_PULLS + _WORK_ORDERS + _CATALOG,
    Role.EXECUTIVE: _READ_EVERYTHING,
}


def grant_role_permissions(*, using: str = "default", strict: bool = True) -> int:
    """Give each role group exactly its ROLE_PERMISSIONS (adding and taking away); returns how many changed.

    strict: a name that matches no permission is an error. Not strict (after `migrate <one app>`,
    when later apps' tables and permissions do not exist yet): nothing changes until they all do.
    """
    from django.contrib.auth.models import Group, Permission

    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).filter(
            content_type__app_label__in={name.split(".")[0] for name in wanted}
        ).values_list("pk", "content_type__app_label", "codename")
    }
    unknown = sorted(wanted - by_name.keys())
    if unknown:
        if not strict:
            return 0
        raise LookupError(f"ROLE_PERMISSIONS names permissions that do not exist: {', '.join(unknown)}")
    changed = 0
    for group in Group.objects.using(using).filter(name__in=ROLE_PERMISSIONS).prefetch_related("permissions"):
        should = {by_name[name] for name in ROLE_PERMISSIONS[group.name]}
        has = {perm.pk for perm in group.permissions.all()}
        if should != has:
            group.permissions.set(should)
            changed += 1
    return changed
