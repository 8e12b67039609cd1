"""Shared fragments of every page, cached and never stale (issue 19: logged-in pages).

A logged-in page cannot come whole from the visitors' page cache (municipality/page_cache.py),
but most of it is the same for everyone: the site's menu, the office menu, the municipality's
profile in the header and footer. These parts are cached in the "pages" cache under the
public content version (municipality/services/public_version.py) and the language, so any
service write (every one goes through `audit_record`, which bumps the version) makes them
fresh for the very next request. What belongs to one person (their name, the log-out form
with its CSRF token, "Office" for staff) stays outside and is rendered per request.

In a template: `{% load fragments %}{% fragment "name" var… %}…{% endfragment %}` — the name
and the values of the variables (besides version and language) make the key; put nothing
per-person inside. FRAGMENT_CACHE_SECONDS (0 turns it off: the test settings do, so the
apps' query-count tests measure rendering) only bounds how long an unused fragment stays.
When the cache is down the fragment is rendered, never an error.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language

from municipality.data_version import data_version
from municipality.models import Municipality
from municipality.services.public_version import CACHE_ALIAS, public_version

logger = logging.getLogger(__name__)


def _seconds() -> int:
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 600)


def fragment_version(*, stored_data: bool = False) -> int | str | None:
    """The public content version (with `stored_data`, also the stored data version: for a
    fragment that reads rows written without an audit row), or None when fragments are off
    or the cache is down."""
    if _seconds() <= 0:
        return None
    try:
        if stored_data:
            return f"{public_version()}-{data_version()}"
        return public_version()
    except Exception:  # noqa: BLE001 — no cache: every fragment is rendered
        logger.warning("fragment cache unavailable", exc_info=True)
        return None


def fragment_key(name: str, version: int | str, parts=()) -> str:
    """The cache key of a fragment: its name, the version, the language and its parts."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]
    return f"fragment:{name}:{version}:{get_language()}:{digest}"


def fragment_get_or_render(*, name: str, version: int | str | None, parts, render):
    """The cached value of a fragment, or `render()` stored for the next request."""
    if version is None:
        return render()
    cache = caches[CACHE_ALIAS]
    key = fragment_key(name, version, parts)
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001
        return render()
    if value is None:
        value = render()
        try:
            cache.set(key, value, timeout=_seconds())
        except Exception:  # noqa: BLE001
            logger.warning("fragment %s not stored", name, exc_info=True)
    return value


def municipality_current(version: int | None):
    """The municipality's profile (the one row), cached under the public content version:
    an edit (audited admin) bumps the version, so the header and footer show it at once."""
    return fragment_get_or_render(
        name="municipality", version=version, parts=(), render=Municipality.current
    )
