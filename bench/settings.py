"""Settings for the benchmark: the base settings as a production process would run them.

`bench/run.py` and the gunicorn it starts use this module. The differences from the base
settings are only the ones that change what is measured:

- DEBUG off: with DEBUG on, Django keeps every query in memory and renders templates with the
  debug machinery; production does neither. Query counts are still taken (CaptureQueriesContext
  switches the debug cursor on for that one pass only).
- Jobs are queued, not run inline: with REDIS_URL unset the base settings run every job in the
  request (a first run has no worker). In production a pull's notification jobs go to Redis and a
  worker sends them after the response, so the pull is timed the same way here. With REDIS_URL set
  the real Redis is used, as in production.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-key-not-secret-" + "x" * 32)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# Jobs run inline in one measurement (the first-run default); their email must not flood the output.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from config.settings.base import *  # noqa: E402,F403

for _queue in RQ_QUEUES.values():  # noqa: F405
    _queue["ASYNC"] = True

# Quiet request logs (a 404 or 403 on purpose would print a warning per timed run).
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "ERROR")  # noqa: F405
