from django.conf import settings
from django.db import connection
from django.http import JsonResponse

from municipality.celery import app
from municipality.services import operations


def healthz(request):
    """The state of the portal for monitoring and the container health check.

    `database` and `broker` decide the status (503 when one fails): without them nothing
    works. The rest is reported for a person to read and never fails the check (an old
    backup must not stop nginx from starting): `worker` (seconds since the worker's last
    heartbeat, "silent" after WORKER_SILENT_AFTER_SECONDS), `backup` (hours since the
    newest backup, "stale" after BACKUP_STALE_AFTER_HOURS), `offsite` (hours since a backup
    last reached the restic repository, when configured), `certificate` (days until
    TLS_CERTIFICATE_PATH expires, "expiring" under 14).
    """
    state = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 — report, never raise, from a health check
        state["database"] = f"error: {type(exc).__name__}"
    if settings.CELERY_BROKER_URL:
        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            state["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            state["broker"] = f"error: {type(exc).__name__}"
    status = 200 if all(v == "ok" for v in state.values()) else 503

    def _round(value, digits=1):
        return None if value is None else round(value, digits)

    try:
        heartbeat = operations.worker_heartbeat_age()
    except Exception:  # noqa: BLE001 — the cache may be down; the database answered
        heartbeat = None
    if operations.worker_expected():
        state["worker"] = {
            "state": (
                "silent"
                if heartbeat is None or heartbeat > settings.WORKER_SILENT_AFTER_SECONDS
                else "ok"
            ),
            "heartbeat_age_seconds": _round(heartbeat),
        }
    backup_age = operations.backup_age_hours()
    state["backup"] = {
        "state": "stale" if operations.backup_stale() else "ok",
        "age_hours": _round(backup_age),
    }
    if operations.restic_configured():
        state["offsite"] = {
            "state": "stale" if operations.backup_offsite_stale() else "ok",
            "age_hours": _round(operations.backup_offsite_age_hours()),
        }
    days = operations.certificate_days_left()
    if settings.TLS_CERTIFICATE_PATH:
        state["certificate"] = {
            "state": "missing" if days is None else ("expiring" if days < 14 else "ok"),
            "days_left": _round(days),
        }
    return JsonResponse(state, status=status)
