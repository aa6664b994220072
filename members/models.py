"""The members app's models, defined in its sub-domains; re-exported here so the app label, the
tables and `members.models.X` stay put."""

from .accounts.models import Profile
from .addresses.models import SavedAddress
from .cart.models import Cart, CartItem, Coupon
from .notifications.models import Notification, NotificationPreference
from .orders.models import Order, OrderLine, Refund
from .restock.models import RestockRequest
from .teams.models import Team, TeamMembership

__all__ = [
    "Cart", "CartItem", "Coupon", "Notification", "NotificationPreference", "Order", "OrderLine", "Profile", "Refund",
    "RestockRequest", "SavedAddress", "Team", "TeamMembership",
]
