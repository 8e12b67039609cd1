"""Settings shared by every environment; values come from the environment (django-environ)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "crispy_forms",
    "crispy_bootstrap5",
    "municipality",
    "engagement_plan",
    "initiatives",
    "budget",
    "monitoring",
    "kenesh",
    "community",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Visitors' pages from the "pages" cache, never stale; ETag and 304 (municipality/page_cache.py).
    "municipality.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A logged-in person's pages from the "pages" cache, never stale (municipality/page_cache.py).
    "municipality.page_cache.OwnPageCacheMiddleware",
    # Empty 405 answers get the translated 405 page; with DEBUG, the product's 404 page.
    "municipality.middleware.ErrorPageMiddleware",
    # A failed form's draft survives a reload or a language switch (municipality/drafts.py).
    "municipality.drafts.FormDraftMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns a django-ratelimit block into RATELIMIT_VIEW (the translated 429 page).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Database down (restart, failover): a 503 page with the person's input, not a 500.
    "municipality.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "municipality.urls"
WSGI_APPLICATION = "municipality.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "municipality.context_processors.portal",
            ],
        },
    }
]


def _database() -> dict:
    """POSTGRES_HOST (with POSTGRES_PORT, _DB, _USER, _PASSWORD) wins over DATABASE_URL.

    Separate variables need no escaping: a password with @ / : works as it is. In
    DATABASE_URL such characters must be percent-encoded (@ → %40, / → %2F, : → %3A).
    """
    if env("POSTGRES_HOST", default=""):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": env("POSTGRES_HOST"),
            "PORT": env("POSTGRES_PORT", default="5432"),
            "NAME": env("POSTGRES_DB", default="jamaat"),
            "USER": env("POSTGRES_USER", default="jamaat"),
            "PASSWORD": env("POSTGRES_PASSWORD", default=""),
        }
    return env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")


DATABASES = {"default": _database()}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "municipality.User"
# Django's database sessions, read with a plain statement (municipality/sessions.py).
SESSION_ENGINE = "municipality.sessions"
# Log in with username, e-mail or phone; administrators get every admin permission.
AUTHENTICATION_BACKENDS = ["municipality.backends.IdentifierBackend"]
LOGIN_URL = "municipality:login"
LOGIN_REDIRECT_URL = "municipality:my-work"
LOGOUT_REDIRECT_URL = "municipality:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Our subclass: its message is in our catalogue (Django's Kyrgyz one is outdated).
    {"NAME": "municipality.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Kyrgyz first: modeltranslation takes the first language as its default.
LANGUAGE_CODE = "ky"
LANGUAGES = [("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ky"
MODELTRANSLATION_LANGUAGES = ("ky", "ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ky", "ru"), "ky": ("ru",), "ru": ("ky",)}
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as 16.12.2026 in every language (municipality/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["municipality.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Bishkek"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "build" / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads are sent only by municipality/views/files.py after a permission check. Behind
# nginx (deploy/nginx.conf) set this to its internal location and the view answers with
# X-Accel-Redirect; empty: the view streams the file itself. /media/ is served only in DEBUG.
PRIVATE_MEDIA_ACCEL_PREFIX = env("PRIVATE_MEDIA_ACCEL_PREFIX", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: anything larger than this is refused by the forms; see municipality.uploads.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Phone fields type=tel, numbers inputmode, autocomplete tokens: for every form at once.
FORM_RENDERER = "municipality.forms.rendering.PortalFormRenderer"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="jamaat@localhost")

# SMS: a backend class path; the HTTP gateway adapter reads URL and key.
SMS_BACKEND = env("SMS_BACKEND", default="municipality.sms.ConsoleSmsBackend")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_KEY = env("SMS_GATEWAY_KEY", default="")
# At most this many SMS are handed to the gateway per day (Bishkek time). Emergency notices
# always go; other SMS over the budget stay in the outbox and go out the next day. The
# office's "needs attention" list warns at 80 % and when the budget is reached.
SMS_DAILY_BUDGET = env.int("SMS_DAILY_BUDGET", default=300)
# The municipality's Telegram channel (municipality/telegram.py); nothing is sent when unset.
TELEGRAM_BOT_TOKEN = env("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_CHANNEL = env("TELEGRAM_CHANNEL", default="")
TELEGRAM_API_URL = env("TELEGRAM_API_URL", default="https://api.telegram.org")
# An emergency SMS carries the notice's text, shortened to this many SMS parts.
EMERGENCY_SMS_SEGMENTS = env.int("EMERGENCY_SMS_SEGMENTS", default=4)
# Confirmation codes and links to one typed destination (a phone number or an e-mail
# address), whoever asks: a pause between two messages and a small daily maximum.
CODE_COOLDOWN_SECONDS = env.int("CODE_COOLDOWN_SECONDS", default=60)
CODE_DAILY_MAX_PER_DESTINATION = env.int("CODE_DAILY_MAX_PER_DESTINATION", default=5)

# The kenesh (kenesh/): a session is announced at least this many days ahead; a quorum is
# more than this percentage of the deputies in office; a people's initiative needs this many
# signatures unless the community charter (set by the secretary) says otherwise, collected
# for this many days; a petition with this many supporters gets an answer within the given
# days; a resolution is published within the given days of its session.
KENESH_NOTICE_DAYS = env.int("KENESH_NOTICE_DAYS", default=10)
KENESH_QUORUM_PERCENT = env.int("KENESH_QUORUM_PERCENT", default=50)
KENESH_SIGNATURE_THRESHOLD = env.int("KENESH_SIGNATURE_THRESHOLD", default=100)
KENESH_SIGNATURE_DAYS = env.int("KENESH_SIGNATURE_DAYS", default=60)
KENESH_PETITION_THRESHOLD = env.int("KENESH_PETITION_THRESHOLD", default=50)
KENESH_PETITION_ANSWER_DAYS = env.int("KENESH_PETITION_ANSWER_DAYS", default=30)
KENESH_RESOLUTION_PUBLISH_DAYS = env.int("KENESH_RESOLUTION_PUBLISH_DAYS", default=10)

# Celery: no broker configured means tasks run in-process (eager), for `make run` and tests.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Priorities on Redis: 0 is taken first; every task has 5 unless it says otherwise, and an
# emergency notice's messages say 0 (municipality/services/sending.py `message_dispatch`).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 300,
    "priority_steps": list(range(10)),
    "queue_order_strategy": "priority",
}
CELERY_TASK_DEFAULT_PRIORITY = 5
CELERY_TIMEZONE = TIME_ZONE

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://jamaat"),
    # Visitors' rendered pages and the public content version (municipality/page_cache.py).
    "pages": env.cache("PAGE_CACHE_URL", default="locmemcache://jamaat-pages"),
}
# The longest a visitor's page is kept: writes make it stale at once (the public content
# version); this only bounds what time alone changes (a deadline passing).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)
# A logged-in person's pages, under the public and the stored data versions (any write).
OWN_PAGE_CACHE_SECONDS = env.int("OWN_PAGE_CACHE_SECONDS", default=60)
# Shared fragments of every page (menus, the municipality's profile), cached under the same
# version, so never stale (municipality/fragments.py); this only bounds an unused one's life.
FRAGMENT_CACHE_SECONDS = 600

# Operations (/healthz and the office warnings): where backups are written, the TLS
# certificate to watch, how long the worker may stay silent, when a backup is too old.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
TLS_CERTIFICATE_PATH = env("TLS_CERTIFICATE_PATH", default="")
WORKER_SILENT_AFTER_SECONDS = env.int("WORKER_SILENT_AFTER_SECONDS", default=300)
BACKUP_STALE_AFTER_HOURS = env.int("BACKUP_STALE_AFTER_HOURS", default=48)
# Warn staff about an old or missing backup (on in production, off for `make run`).
BACKUP_MONITOR = env.bool("BACKUP_MONITOR", default=False)
# Off-site copies of every backup (restic), when both are set; see backup_site.
RESTIC_REPOSITORY = env("RESTIC_REPOSITORY", default="")
RESTIC_PASSWORD = env("RESTIC_PASSWORD", default="")

# Content Security Policy: no inline scripts anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Rate limits (django-ratelimit) use the default cache.
RATELIMIT_VIEW = "municipality.views.errors.rate_limited"
# An expired session: the translated page that sends the typed text again.
CSRF_FAILURE_VIEW = "municipality.views.errors.csrf_failure"
# With DEBUG, Django's technical 404 page only when a developer asks for it.
TECHNICAL_404 = False

PORTAL_NAME = _("Jamaat")
LOCAL_ISSUES_MAX_AGE_DAYS = 183

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
