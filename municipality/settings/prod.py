"""Production: every secret from the environment, secure cookies and headers."""

from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
# nginx answers plain-HTTP health checks from inside the compose network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
LANGUAGE_COOKIE_SECURE = True
# nginx sends uploaded files from this internal location (deploy/nginx.conf).
PRIVATE_MEDIA_ACCEL_PREFIX = env("PRIVATE_MEDIA_ACCEL_PREFIX", default="/protected-media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

BACKUP_MONITOR = env.bool("BACKUP_MONITOR", default=True)

DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405


def _cache_url_default() -> str:
    """The broker's Redis server, but its own database (the broker keeps db 0 by default)."""
    broker = urlsplit(CELERY_BROKER_URL or "redis://redis:6379/0")  # noqa: F405
    if not broker.scheme.startswith("redis"):
        return "redis://redis:6379/1"
    db = broker.path.strip("/") or "0"
    return urlunsplit(broker._replace(path="/2" if db == "1" else "/1"))


def _page_cache_url_default(cache_url: str) -> str:
    """The visitors' pages: the cache's Redis server, the next database (db 3 after db 1
    or 2 and the broker's 0 or 1)."""
    cache = urlsplit(cache_url)
    if not cache.scheme.startswith("redis"):
        return cache_url
    broker = urlsplit(CELERY_BROKER_URL or "redis://redis:6379/0")  # noqa: F405
    used = {cache.path.strip("/") or "0", broker.path.strip("/") or "0"}
    db = next(str(n) for n in range(3, 16) if str(n) not in used)
    return urlunsplit(cache._replace(path=f"/{db}"))


# One cache shared by every gunicorn worker: rate limits must count across processes.
# The visitors' pages and the public content version in their own Redis database: shared by
# every worker too, so a write makes every worker's copy stale at once.
_CACHE_URL = env("CACHE_URL", default=_cache_url_default())
CACHES = {
    "default": env.cache("CACHE_URL", default=_cache_url_default()),
    "pages": env.cache("PAGE_CACHE_URL", default=_page_cache_url_default(_CACHE_URL)),
}
# Behind nginx REMOTE_ADDR is nginx itself; see municipality/ratelimits.py.
RATELIMIT_IP_META_KEY = "municipality.ratelimits.client_ip"

# E-mail (password reset, notices): EMAIL_URL=smtp+tls://user:password@host:587
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.security": {"level": "WARNING"}},
}
