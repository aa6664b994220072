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
