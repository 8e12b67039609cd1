"""pytest: fast hashing, eager Celery that propagates errors, locmem e-mail."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "municipality.sms.MemorySmsBackend"
# Tests run Celery eagerly unless a worker test asks for the real broker.
CELERY_TASK_ALWAYS_EAGER = not env.bool("CELERY_TEST_REAL_WORKER", default=False)
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=BASE_DIR / "build" / "test-media")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_ENABLE = True
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
