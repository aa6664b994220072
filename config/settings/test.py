"""Test settings: the base settings with fast password hashing and in-memory email."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# With REDIS_URL set (CI), jobs go through the real Redis but run at once in the test process,
# so a test sees their effect; without it they run inline on the in-process fake server.
for _queue in RQ_QUEUES.values():  # noqa: F405
    _queue["ASYNC"] = False

# Tests see a job's effect at commit, as before the outbox; the relay's own tests turn this off.
OUTBOX_DELIVER_AT_COMMIT = True

# Throttle counts per test process, never shared with another run through Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The browser tests' live server answers each request in a new thread: a persistent connection
# would outlive its thread, and a browser run would pile up ~100 idle PostgreSQL sessions until the
# server refuses new ones (max_connections). Close each connection when its request ends.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
