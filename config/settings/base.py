"""Settings for every environment, read from environment variables.

Unset variables fall back to a newcomer's first run: SQLite in the project folder, jobs run
inline on an in-process queue, console email. `config.settings.production` hardens these.
"""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # A development key only; production refuses to start without SECRET_KEY.
    SECRET_KEY = "django-insecure-development-only-andon-key-do-not-use-in-production"

# Where the site is reached from outside: every link in a message that leaves the site (e-mails, the
# notifications' e-mail copies, the password reset) starts with it (flywheel.links.absolute_url).
# Required in production; a first run serves on the development server's address.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_rq",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "flywheel",
    "members",
    "tickets",
    "andon",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything routes the request or looks its arguments up: NUL or non-UTF-8 is a 400.
    "flywheel.middleware.RefuseUnreadableAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication: answers a locked-out sign-in (storefront and admin) with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.storefront",
                "members.context_processors.staff_links",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several checkouts and the demo loader write at once; wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it counts failed sign-ins and refuses a locked-out account or address before
# the password is even checked. Every sign-in page (the storefront's and the admin's) goes through it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "members:login"
LOGIN_REDIRECT_URL = "members:catalog"
LOGOUT_REDIRECT_URL = "members:catalog"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
if DEBUG:
    # whitenoise warns on every request when the folder collectstatic fills does not exist yet.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Andon <noreply@andon.example>")

# Jobs: with REDIS_URL, django-rq talks to Redis and a worker runs them. Without it, queues are
# synchronous on an in-process fakeredis server, so a first run needs no Redis at all.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    RQ_QUEUES = {
        name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 360} for name in ("default", "notifications")
    }
else:
    import fakeredis
    import redis

    _INLINE_REDIS_POOL = redis.ConnectionPool(
        connection_class=fakeredis.FakeRedisConnection, server=fakeredis.FakeServer()
    )
    RQ_QUEUES = {
        name: {
            "HOST": "inline",  # unused: the pool below serves every connection
            "PORT": 0,
            "ASYNC": False,
            "REDIS_CLIENT_KWARGS": {"connection_pool": _INLINE_REDIS_POOL},
        }
        for name in ("default", "notifications")
    }

# The cache holds the API throttles' counts: shared by every web process when Redis is there.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

# The transactional outbox (flywheel/outbox): jobs leave through a table relayed to RQ by
# `manage.py relay_outbox`. Without Redis the relay runs at commit in process, as a first run expects.
OUTBOX_DELIVER_AT_COMMIT = env_bool("OUTBOX_DELIVER_AT_COMMIT", not REDIS_URL)
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", "900"))

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords in a row, the account
# (from any address) and the address (for any account) are locked for the cool-off, then unlock by
# themselves; a right password resets the count. The admin lists lockouts (Axes, Access attempts)
# and deleting one unlocks it at once. Behind a proxy set AXES_PROXY_COUNT and AXES_IP_HEADERS
# (e.g. `HTTP_X_FORWARDED_FOR,REMOTE_ADDR`), or every client would be the proxy's one address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [
    item.split("+") if "+" in item else item for item in env_list("AXES_LOCKOUT_BY", "username,ip_address")
]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "members/accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ["AXES_PROXY_COUNT"]) if os.environ.get("AXES_PROXY_COUNT") else None
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("AXES_IP_HEADERS", "REMOTE_ADDR")

# The API's throttles (flywheel/api_throttles.py), read at call time: anonymous use per address,
# and bad tokens per address. A signed-in or token-authenticated call is never throttled: the
# cord above all answers every pull of a call-centre system, however fast it pulls.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/min")
API_FAILED_TOKEN_RATE = os.environ.get("API_FAILED_TOKEN_RATE", "10/min")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call gets 401 with WWW-Authenticate rather than 403.
        "flywheel.api_throttles.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    "EXCEPTION_HANDLER": "flywheel.api_errors.json_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["flywheel.api_throttles.AnonymousRateThrottle"],
    # The throttles find the client behind as many proxies as axes does (X-Forwarded-For).
    "NUM_PROXIES": int(os.environ["AXES_PROXY_COUNT"]) if os.environ.get("AXES_PROXY_COUNT") else None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Andon API",
    "DESCRIPTION": "Catalog, cart and orders for the storefront; pulls and complaints for call-centre systems.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name ("outcome") with another model's get a name of their own.
    "ENUM_NAME_OVERRIDES": {"VerdictOutcomeEnum": "andon.pulls.models.Verdict"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Domain settings (read at call time as settings.X) -------------------------------------
CURRENCY = "CNY"
PAYMENT_GATEWAY = os.environ.get("PAYMENT_GATEWAY", "members.orders.payments.SimulatedGateway")
SHIPPING_FEE = Decimal(os.environ.get("SHIPPING_FEE", "8.00"))
FREE_SHIPPING_THRESHOLD = Decimal(os.environ.get("FREE_SHIPPING_THRESHOLD", "99.00"))
# A checkout whose charge has no record this long after the order was placed is asked of the gateway
# (the process died mid-checkout); orders older than the window are left to people.
CHECKOUT_RECONCILE_AFTER_MINUTES = int(os.environ.get("CHECKOUT_RECONCILE_AFTER_MINUTES", "10"))
CHECKOUT_RECONCILE_WINDOW_HOURS = int(os.environ.get("CHECKOUT_RECONCILE_WINDOW_HOURS", "48"))
CATALOG_PAGE_SIZE = 24

# The andon rule the agent sees (help, never a gate): N distinct customers, same target and issue
# code, within the look-back window.
ANDON_RULE_MIN_CUSTOMERS = int(os.environ.get("ANDON_RULE_MIN_CUSTOMERS", "2"))
ANDON_RULE_WINDOW_DAYS = int(os.environ.get("ANDON_RULE_WINDOW_DAYS", "30"))
# Compensation has a limit, the andon does not: what one agent may grant per day, in CNY.
COMPENSATION_LIMIT_PER_AGENT_PER_DAY = Decimal(os.environ.get("COMPENSATION_LIMIT_PER_AGENT_PER_DAY", "300"))
# The manager's Monday (SPEC, "Review, bonus and the bad-pull rate").
# The bonus for a pull judged "rule followed", in CNY; agents who joined with "+1" get this share of it.
ANDON_BONUS_AMOUNT = Decimal(os.environ.get("ANDON_BONUS_AMOUNT", "50.00"))
ANDON_BONUS_JOIN_SHARE = Decimal(os.environ.get("ANDON_BONUS_JOIN_SHARE", "0.20"))
# A team's weekly bad-pull rate (bad / with a verdict) strictly above this fraction is a breach.
ANDON_BAD_PULL_TARGET = Decimal(os.environ.get("ANDON_BAD_PULL_TARGET", "0.02"))
# Each ISO week, this share of every team's verdicts (at least ANDON_VERDICT_AUDIT_MIN) goes to a
# manager of another team for a second opinion.
ANDON_VERDICT_AUDIT_SHARE = Decimal(os.environ.get("ANDON_VERDICT_AUDIT_SHARE", "0.10"))
ANDON_VERDICT_AUDIT_MIN = int(os.environ.get("ANDON_VERDICT_AUDIT_MIN", "3"))
# Every manager of any department works a whole day at the front line within this many days of joining.
FRONT_LINE_DAY_WITHIN_DAYS = int(os.environ.get("FRONT_LINE_DAY_WITHIN_DAYS", "180"))
# A take-back item (a problem a manager takes back from their front-line day) is due this many days after it is marked.
TAKE_BACK_DUE_DAYS = int(os.environ.get("TAKE_BACK_DUE_DAYS", "14"))
# Possible suppression (the "bureaucracy" lesson): a team's pulls per 100 complaints over the
# ANDON_SUPPRESSION_WINDOW_WEEKS after a breach falling below (1 - ANDON_SUPPRESSION_DROP) of its
# level over as many weeks before it (at least ANDON_SUPPRESSION_MIN_COMPLAINTS complaints before).
# The defaults catch a fall from 10 to 2 per 100 (-80%) and ignore week-to-week noise of +-20%.
ANDON_SUPPRESSION_WINDOW_WEEKS = int(os.environ.get("ANDON_SUPPRESSION_WINDOW_WEEKS", "4"))
ANDON_SUPPRESSION_DROP = Decimal(os.environ.get("ANDON_SUPPRESSION_DROP", "0.50"))
ANDON_SUPPRESSION_MIN_COMPLAINTS = int(os.environ.get("ANDON_SUPPRESSION_MIN_COMPLAINTS", "20"))
# Abuse flags to a manager (they inform, never block a pull): over the last ANDON_ABUSE_WINDOW_WEEKS,
# an agent with at least ANDON_ABUSE_MIN_PULLS pulls whose share without the rule met exceeds the
# team's by ANDON_ABUSE_RULE_NOT_MET_MARGIN; whose pulls on one supplier reach ANDON_ABUSE_SUPPLIER_SHARE;
# or whose pulls carry complaints of one customer ANDON_ABUSE_REPEAT_CUSTOMER_PULLS times or more.
ANDON_ABUSE_WINDOW_WEEKS = int(os.environ.get("ANDON_ABUSE_WINDOW_WEEKS", "8"))
ANDON_ABUSE_MIN_PULLS = int(os.environ.get("ANDON_ABUSE_MIN_PULLS", "5"))
ANDON_ABUSE_RULE_NOT_MET_MARGIN = Decimal(os.environ.get("ANDON_ABUSE_RULE_NOT_MET_MARGIN", "0.30"))
ANDON_ABUSE_SUPPLIER_SHARE = Decimal(os.environ.get("ANDON_ABUSE_SUPPLIER_SHARE", "0.60"))
ANDON_ABUSE_REPEAT_CUSTOMER_PULLS = int(os.environ.get("ANDON_ABUSE_REPEAT_CUSTOMER_PULLS", "3"))
COUPON_VALID_DAYS = int(os.environ.get("COUPON_VALID_DAYS", "90"))
# Work-order SLAs in hours, per kind, and when an overdue one goes on to the executives.
WORK_ORDER_SLA_HOURS = {"supplier": 48, "warehouse": 24, "rectification": 72, "acceptance": 48, "process": 72}
WORK_ORDER_ESCALATE_TO_EXECUTIVE_AFTER_HOURS = int(os.environ.get("WORK_ORDER_ESCALATE_TO_EXECUTIVE_AFTER_HOURS", "24"))
# A root-cause review is due this many days after it opened (its owner's /work/ queue marks it overdue).
ROOT_CAUSE_REVIEW_DUE_DAYS = int(os.environ.get("ROOT_CAUSE_REVIEW_DUE_DAYS", "7"))
# Report charts mark a bar or point drawn from fewer pulls than this as a small sample.
REPORT_SMALL_SAMPLE = int(os.environ.get("REPORT_SMALL_SAMPLE", "5"))
# Quality's own clock: a resolved work order is to be confirmed (or sent back) within this many hours.
QUALITY_CONFIRM_WITHIN_HOURS = int(os.environ.get("QUALITY_CONFIRM_WITHIN_HOURS", "24"))
# The largest apology coupon one follow-up of shipped orders may give each customer (CNY).
SHIPPED_FOLLOW_UP_COUPON_MAX = Decimal(os.environ.get("SHIPPED_FOLLOW_UP_COUPON_MAX", "50.00"))
