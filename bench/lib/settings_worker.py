"""Settings for bench/emergency.py: the bench settings with a real broker (Redis) and a real
Celery worker, the SMS gateway and the SMTP server faked on 127.0.0.1 by the bench, and the
SQLite database in WAL mode (the worker's processes write at the same time), or PostgreSQL
with BENCH_DATABASE_URL."""

import os

import environ

from bench.lib.settings import *  # noqa: F403

DATABASES["default"]["OPTIONS"] = {  # noqa: F405
    "timeout": 60,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if os.environ.get("BENCH_DATABASE_URL"):  # PostgreSQL, as in production
    DATABASES = {"default": environ.Env.db_url_config(os.environ["BENCH_DATABASE_URL"])}
    DATABASES["default"]["ATOMIC_REQUESTS"] = True
    DATABASES["default"]["CONN_MAX_AGE"] = 60
CELERY_BROKER_URL = os.environ["BENCH_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
SMS_BACKEND = "municipality.sms.HttpGatewaySmsBackend"
SMS_GATEWAY_URL = os.environ["BENCH_SMS_URL"]
SMS_GATEWAY_KEY = "bench"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["BENCH_SMTP_PORT"])
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
# The page cache on Redis, as in production: every write of the worker bumps the stored data
# version there (municipality/data_version.py), and that round trip is measured too.
CACHES = {**CACHES, "pages": environ.Env.cache_url_config(CELERY_BROKER_URL)}  # noqa: F405
