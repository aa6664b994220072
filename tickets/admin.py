"""The admin's autodiscovery imports `tickets.admin`: it registers each sub-domain's admin."""

from .compensation import admin as compensation_admin  # noqa: F401
from .complaints import admin as complaints_admin  # noqa: F401
