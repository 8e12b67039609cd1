"""Settings for `make bench`: the dev settings with DEBUG off, a temporary SQLite database
(build/bench/bench.sqlite3, seeded with `seed_demo --force`) and a bench-only URL conf that adds
the trivial "floor" view. Never used by the product."""

import os

from municipality.settings.dev import *  # noqa: F403
from municipality.settings.dev import BASE_DIR

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.lib.urls"
BENCH_DIR = BASE_DIR / "build" / "bench"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("BENCH_DB", str(BENCH_DIR / "bench.sqlite3")),
        "ATOMIC_REQUESTS": True,
        "CONN_MAX_AGE": 60,  # as municipality/settings/prod.py
    }
}
MEDIA_ROOT = BENCH_DIR / "media"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
# Static files come from the source folders through WhiteNoise, as with `make run`, but
# without re-scanning them on every request.
WHITENOISE_AUTOREFRESH = False
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "municipality.sms.MemorySmsBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # seeding only
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
    "loggers": {"django.request": {"level": "ERROR"}},  # no "Not Found" lines in the output
}
