"""Staff roles are Django groups, created by a data migration; these are their names."""

from importlib import import_module

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("customer-service agent")
    MANAGER = "manager", _("customer-service manager")
    VENDOR_MANAGER = "vendor_manager", _("vendor manager")
    PARTNER_MANAGER = "partner_manager", _("partner manager")
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


# Every staff role: who may read the andon board, the pulls and the reviews.
STAFF_ROLES = tuple(Role.values)


def is_staff_role(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def staff_users():
    """Active users holding any staff role, by username."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, groups__name__in=STAFF_ROLES).distinct().order_by("username")


# What each role may open of members' own models in the Django admin, as "members.action_model"
# permission names. Every app declares its own the same way, in a `roles` module with a
# ROLE_PERMISSIONS of the same shape (flywheel.roles, tickets.roles, andon.roles...);
# `grant_role_permissions` gathers them after every migrate (members.apps), so a new model or a
# changed line reaches existing databases without a data migration.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: ["members.view_order"],
    Role.MANAGER: [
        "members.view_order", "members.view_coupon",
        # Teams: managers keep them (every write goes through members.teams.services).
        "members.view_team", "members.add_team", "members.change_team", "members.view_teammembership",
        "members.add_teammembership", "members.change_teammembership",
    ],
    Role.WAREHOUSE: ["members.view_order"],
    Role.EXECUTIVE: ["members.view_order", "members.view_coupon", "members.view_team", "members.view_teammembership"],
}


def role_permissions() -> dict[str, set[str]]:
    """Every installed app's ROLE_PERMISSIONS (from its `roles` module) merged, per role group."""
    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    merged: dict[str, set[str]] = {role: set() for role in Role.values}
    for app in apps.get_app_configs():
        if not module_has_submodule(app.module, "roles"):
            continue
        declared = getattr(import_module(f"{app.name}.roles"), "ROLE_PERMISSIONS", {})
        for role, perms in declared.items():
            if role not in merged:
                raise LookupError(f"{app.name}.roles.ROLE_PERMISSIONS names a role that does not exist: {role}")
            merged[role].update(perms)
    return merged


def grant_role_permissions(*, using: str = "default", strict: bool = True) -> int:
    """Give each role group exactly what the apps' ROLE_PERMISSIONS grant it (adding and taking away).

    Returns how many groups changed.

    strict: a name that matches no permission is an error. Not strict (after `migrate <one app>`,
    when later apps' tables and permissions do not exist yet): nothing changes until they all do.
    """
    from django.contrib.auth.models import Group, Permission

    granted = role_permissions()
    wanted = {perm for perms in granted.values() for perm in perms}
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
    for group in Group.objects.using(using).filter(name__in=granted).prefetch_related("permissions"):
        should = {by_name[name] for name in granted[group.name]}
        has = {perm.pk for perm in group.permissions.all()}
        if should != has:
            group.permissions.set(should)
            changed += 1
    return changed
