"""`make run`: SQLite and eager Celery unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# `make run` shows the product's 404 page; DJANGO_TECHNICAL_404=1 shows Django's technical one.
TECHNICAL_404 = env.bool("DJANGO_TECHNICAL_404", default=False)

# Serve static/ straight from the source folders; production runs collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
