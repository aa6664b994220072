"""One guard in front of every page: an address no person could have typed is refused with 400.

A NUL character reaches PostgreSQL as a query argument and fails there (a 500), and bytes that are
not UTF-8 are silently turned into other characters by Django before any view sees them. Rather
than every converter, form and view remembering this, the request is refused before it is routed.
"""

import re
from urllib.parse import unquote_to_bytes

from django.http import Http404, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


# The largest id a database column holds (a signed 64-bit integer): a larger number in an address
# names nothing, and some lookups (a foreign key's) would send it to the database and fail there.
MAX_ID = 2**63 - 1

# No form of the site sends a query value this long; a link that does was not made by it.
MAX_QUERY_VALUE_LENGTH = 2000


def _readable(raw: bytes) -> bool:
    """UTF-8 without NUL (the strict decoder also refuses encoded surrogates and overlong forms)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


# Django re-encodes the bytes of a path that are not UTF-8 as `%XX` before anyone sees the path
# (the WSGI environ included), so that is how they show. No address of this site has a percent sign
# followed by two hex digits once decoded.
REENCODED_BYTES = re.compile(r"%[0-9A-Fa-f]{2}")


def readable_address(request) -> bool:
    """True when the path and every query parameter name and value are UTF-8 text without NUL,
    and no query value is longer than any page of the site sends."""
    path = request.path_info
    if "\x00" in path or REENCODED_BYTES.search(path) or any("\ud800" <= char <= "\udfff" for char in path):
        return False
    query = request.META.get("QUERY_STRING", "")
    query = query.encode("iso-8859-1", "replace") if isinstance(query, str) else query
    # The query string is still percent-encoded: decode each name and value to bytes, then check them.
    parts = [unquote_to_bytes(part.replace(b"+", b" ")) for pair in query.split(b"&") for part in pair.split(b"=", 1)]
    return all(_readable(raw) and len(raw) <= MAX_QUERY_VALUE_LENGTH for raw in parts)


class RefuseUnreadableAddressMiddleware:
    """Answer 400 for a path or query string with NUL or bytes that are not UTF-8, on every page,
    and 404 for a number in the address larger than any id.

    The API under /api/ is left to its own guards, which answer in JSON and as its schema declares:
    its converters refuse NUL in an address (a JSON 404) and its serializers validate the rest.
    """

    api_prefix = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(self.api_prefix) and not readable_address(request):
            # Rendered without the request: the context processors would read the session and the user,
            # which this middleware comes before.
            return HttpResponseBadRequest(render_to_string("400.html"))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A number in the address (an `int` path argument) that no id can be names nothing: 404."""
        if request.path_info.startswith(self.api_prefix):
            return None
        if any(isinstance(value, int) and not -MAX_ID <= value <= MAX_ID for value in [*view_args, *view_kwargs.values()]):
            raise Http404(_("There is nothing at this address."))
        return None
