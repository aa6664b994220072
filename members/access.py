"""Who may open a page or an endpoint: the one role gate for pages, the API and safe redirects.

Every app's views guard themselves with `role_required`, its API views with `HasRole`; both read
the roles through `members.roles.has_role`, so a role means the same thing on every surface.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from .roles import STAFF_ROLES, Role, has_role


def send_to_sign_in(request) -> HttpResponse:
    """Send a signed-out visitor to sign in, and back afterwards to the page they were looking at.

    An htmx request would swap the sign-in page into a panel (or into the board, which then stops
    refreshing), so the whole window is sent instead; and back to the page the request came from,
    not to the fragment or POST-only URL it called. Only the path is kept: never another site.
    """
    if not getattr(request, "htmx", False):
        return redirect_to_login(request.get_full_path())
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    back = (current.path + (f"?{current.query}" if current.query else "")) if current.path else request.get_full_path()
    response = HttpResponse(status=204)
    response["HX-Redirect"] = redirect_to_login(back).url
    return response


def role_required(*roles: str, denied):
    """Guard a page: a signed-out visitor is sent to sign in; a user without any of `roles` gets
    403 with the `denied` message (a lazy string, read in the visitor's language).
    """

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return send_to_sign_in(request)
            if not has_role(request.user, *roles):
                raise PermissionDenied(str(denied))
            return view(request, *args, **kwargs)

        return guarded

    return decorator


# Pages every staff role may read (the board, work orders, reviews); members get 403.
staff_required = role_required(*STAFF_ROLES, denied=gettext_lazy("This page is for staff."))


def safe_next(request, fallback: str) -> str:
    """The POSTed `next` address when it stays on this site, else `fallback` (no open redirect)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


class HasRole(BasePermission):
    """Allow users holding any of the given staff roles: `permission_classes = [HasRole(Role.AGENT)]`.

    DRF instantiates each entry of `permission_classes`; an instance answers that call with itself,
    so the roles can be given where the view declares its permissions.
    """

    def __init__(self, *roles: str):
        self.roles = roles

    @property
    def message(self) -> str:
        """Names the roles, so the caller knows whom to ask (read per request, in the caller's language)."""
        names = ", ".join(str(Role(role).label) for role in self.roles)
        return _("This needs one of these roles: %(roles)s.") % {"roles": names}

    def __call__(self) -> "HasRole":
        return self

    def has_permission(self, request, view) -> bool:
        return has_role(request.user, *self.roles)
