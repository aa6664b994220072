"""`/healthz`: 200 with the database, queue and outbox status, 503 when the database is unreachable.

The outbox backlog (messages not yet done, and the age of the oldest) tells an operator that the
queue or the relay is down long before anyone misses an e-mail.
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    status = {"database": "ok", "queue": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any driver error means the database is not usable
        status["database"] = f"unreachable: {type(exc).__name__}"
    try:
        import django_rq

        django_rq.get_connection("default").ping()
        status["queue_mode"] = "inline" if not django_rq.get_queue("default").is_async else "redis"
    except Exception as exc:  # the site still serves pages without a queue; report it
        status["queue"] = f"unreachable: {type(exc).__name__}"
    if status["database"] == "ok":
        from flywheel.outbox.services import backlog

        outbox = backlog()
        status["outbox_waiting"] = outbox["waiting"]
        status["outbox_oldest_age_seconds"] = outbox["oldest_age_seconds"]
        status["outbox_dead"] = outbox["dead"]
    code = 200 if status["database"] == "ok" else 503
    return JsonResponse(status, status=code)
