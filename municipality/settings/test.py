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
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
RATELIMIT_ENABLE = True
# Off by default so query counts measure rendering; tests/cross/test_page_cache.py (zero
# staleness, ETag and 304) turns it on.
PUBLIC_PAGE_CACHE_SECONDS = 0
OWN_PAGE_CACHE_SECONDS = 0  # tests/cross/test_own_page_cache.py turns it on
FRAGMENT_CACHE_SECONDS = 0  # tests/cross/test_fragments.py turns it on
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
