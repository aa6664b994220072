from django.utils.functional import SimpleLazyObject

from .account_links import account_links
from .roles import is_staff_role
from .staff_links import StaffLinks


def storefront(request):
    """What every storefront page needs: the cart size, unread notifications, whether the user is staff, the menu.

    The menu is lazy so a page that overrides base.html's category block pays no query for it.
    """
    from .catalog.selectors import storefront_categories
    from .notifications.selectors import header_counts

    menu = SimpleLazyObject(lambda: list(storefront_categories()))
    user = request.user
    if not user.is_authenticated:
        return {
            "cart_count": 0, "unread_notifications": 0, "is_staff_role": False,
            "menu_categories": menu, "account_links": [],
        }
    cart_count, unread = header_counts(user)
    return {
        "cart_count": cart_count,
        "unread_notifications": unread,
        "is_staff_role": is_staff_role(user),
        "menu_categories": menu,
        "account_links": account_links(),
    }


def staff_links(request):
    """`staff_links.header`, `.console`, `.admin`: the links the higher apps registered (see members.staff_links)."""
    return {"staff_links": StaffLinks(request.user)}
