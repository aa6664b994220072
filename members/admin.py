"""The admin's autodiscovery imports `members.admin`: it registers each sub-domain's admin."""

from .cart import admin as cart_admin  # noqa: F401
from .notifications import admin as notifications_admin  # noqa: F401
from .orders import admin as orders_admin  # noqa: F401
from .teams import admin as teams_admin  # noqa: F401
