"""The Celery app. Reliability settings live in settings (CELERY_TASK_ACKS_LATE,
CELERY_TASK_REJECT_ON_WORKER_LOST, CELERY_WORKER_PREFETCH_MULTIPLIER=1, the
broker visibility timeout); the beat schedule is here, in code.

    celery -A municipality worker -B     # `make worker`
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipality.settings.dev")

app = Celery("municipality")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Rows left pending while Redis was down, or stuck with a worker that died.
    "outbox-requeue": {
        "task": "municipality.tasks.outbox_requeue_task",
        "schedule": 60.0,
    },
    # Documents issued while Redis was down, still waiting for their PDF.
    "documents-requeue": {
        "task": "municipality.tasks.documents_requeue_task",
        "schedule": 300.0,
    },
    # Notices published with a future date notify their subscribers when they appear.
    "notices-notify-due": {
        "task": "municipality.tasks.notices_notify_due_task",
        "schedule": 300.0,
    },
    # Sign-ups whose code expired unused: the inactive accounts are deleted, nightly.
    "signups-expired-delete": {
        "task": "municipality.tasks.signups_expired_delete_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Deadlines of every app (REMINDERS registry), once a day in the morning, Bishkek time.
    "reminders-send": {
        "task": "municipality.tasks.reminders_send_task",
        "schedule": crontab(hour=8, minute=0),
    },
    # The worker proves it is alive (/healthz, office warning when silent).
    "worker-heartbeat": {
        "task": "municipality.tasks.worker_heartbeat_task",
        "schedule": float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "60")),
    },
    # People's initiatives whose signature period ended below the threshold are closed.
    "kenesh-initiatives-expire": {
        "task": "kenesh.tasks.initiatives_expire_task",
        "schedule": crontab(hour=0, minute=15),
    },
    # backup_site, retention (7 daily, 4 weekly, 12 monthly), restic copy off the server.
    "backup-nightly": {
        "task": "municipality.tasks.backup_nightly_task",
        "schedule": crontab(hour=2, minute=30),
    },
}
