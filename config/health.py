"""`/healthz`: 200 with the database and queue status, 503 when the database is unreachable."""

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
    code = 200 if status["database"] == "ok" else 503
    return JsonResponse(status, status=code)
