from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """200 with the state of the database and, when configured, the broker."""
    state = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 — report, never raise, from a health check
        state["database"] = f"error: {type(exc).__name__}"
    if settings.CELERY_BROKER_URL:
        from municipality.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            state["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            state["broker"] = f"error: {type(exc).__name__}"
    status = 200 if all(v == "ok" for v in state.values()) else 503
    return JsonResponse(state, status=status)
