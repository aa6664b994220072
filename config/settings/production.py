"""Production settings: DEBUG off; SECRET_KEY, ALLOWED_HOSTS, REDIS_URL and SITE_URL required; HTTPS enforced.

`python manage.py check --deploy` is clean under these settings, and `.ci/smoke-production` serves
pages with them through gunicorn (`make smoke`).
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DEBUG", "false")

# Checked before the base settings load: without REDIS_URL the base falls back to an in-process
# queue, which in production would run every job inside the web request and lose the outbox's
# guarantees, and to a per-process cache, which would let each gunicorn worker count its own
# sign-in failures and API throttles.
if not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (e.g. redis://127.0.0.1:6379/0): it carries the job queue "
        "and the cache shared by every process; there is no in-process fallback."
    )
_site = urlsplit(os.environ.get("SITE_URL", ""))
if _site.scheme != "https" or not _site.netloc or _site.path.strip("/") or _site.query or _site.fragment:
    raise ImproperlyConfigured(
        "SITE_URL must be set in production to the site's public https address, without a path "
        "(e.g. https://shop.example.com): every link in an e-mail starts with it."
    )

from .base import *  # noqa: E402,F403
from .base import REDIS_URL, env_bool  # noqa: E402

if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")

# One cache for every process: the API throttles' counts live here (axes keeps its lockouts in the
# database), so a client cannot reset them by landing on another worker.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
