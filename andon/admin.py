"""The andon's admin pages are defined in its sub-domains; importing them here registers them
(Django's admin autodiscovery imports `andon.admin`)."""

from .bonuses import admin as bonuses_admin
from .frontline import admin as frontline_admin
from .pulls import admin as pulls_admin
from .reports import admin as reports_admin
from .reviews import admin as reviews_admin
from .work_orders import admin as work_orders_admin

__all__ = ["bonuses_admin", "frontline_admin", "pulls_admin", "reports_admin", "reviews_admin", "work_orders_admin"]
