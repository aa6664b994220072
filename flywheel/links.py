"""Links that leave the site (e-mails, the notifications' e-mail copies, the password reset) are whole.

A path is enough inside a page; a mail client has no page to resolve it against, so every link in a
message is built here from `settings.SITE_URL` (the site's public address; required in production).
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """`/orders/26113000034237/` -> `https://shop.example.com/orders/26113000034237/` (SITE_URL + path).

    `path` is a site path starting with "/" (what `reverse()` returns); a link that is already
    absolute is returned unchanged. Raises ValueError for anything else (a relative path or ""),
    which no message should carry.
    """
    if urlsplit(path).scheme in {"http", "https"}:
        return path
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"not a site path: {path!r}")
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def site_parts() -> tuple[str, str]:
    """(protocol, domain) of SITE_URL, for templates written as `{{ protocol }}://{{ domain }}` (Django's password reset)."""
    site = urlsplit(settings.SITE_URL)
    return site.scheme, site.netloc
