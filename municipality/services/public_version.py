"""The public content version: one number that changes whenever a service writes anything
a visitor could see, so pages cached for visitors are never stale.

`public_content_changed()` is called by the kernel, not by the apps: `audit_record` calls it
(every write service — `workflow_move`, `notice_publish`, notice edits and translations,
`document_issue`, each app's services, the audited admin — writes an audit row through it),
and `document_render` calls it when an issued document's PDF is attached. There are no
signals: a write that bypasses the services (a shell, a migration) must call it itself or
run `manage.py shell -c "from municipality.services.public_version import
public_content_changed; public_content_changed()"`.

The version lives in the "pages" cache (Redis in production, its own database; local memory
in the embedded default, which is one process). It is bumped at once and again when the
surrounding transaction commits (a cache that is down never fails the write; the middleware
then renders every page itself): a visitor's request that reads the new content can only
carry a version from after the commit, and a page rendered between the first bump and the
commit (old content under the new number) is dropped by the second bump.
`municipality/page_cache.py` keys the visitors' pages by it and uses it in their ETag.
"""

import logging
import time

from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
VERSION_KEY = "public-content-version"


def _fresh() -> int:
    # A restart or an eviction never brings back a number used before (microseconds).
    return time.time_ns() // 1000


def version_get(*, key: str) -> int:
    """The current value of the version number `key` in the "pages" cache (created on first
    use). Also the stored data version's (municipality/data_version.py)."""
    cache = caches[CACHE_ALIAS]
    version = cache.get(key)
    if version is None:
        cache.add(key, _fresh(), timeout=None)
        version = cache.get(key)
    return int(version)


def version_bump(*, key: str) -> None:
    """Move the version number `key` on; a cache that is down is logged, never an error."""
    cache = caches[CACHE_ALIAS]
    try:
        try:
            cache.incr(key)
        except ValueError:  # missing (first use, eviction, restart)
            cache.add(key, _fresh(), timeout=None)
    except Exception:  # noqa: BLE001 — the cache is down: no page is served from it either
        logger.warning("%s not bumped: page cache unavailable", key, exc_info=True)


def public_version() -> int:
    """The current public content version (created on first use)."""
    return version_get(key=VERSION_KEY)


def _bump() -> None:
    version_bump(key=VERSION_KEY)


def public_content_changed() -> None:
    """Say that public content changed: every page cached for visitors is stale from now.
    Bumps the version now and once more when the current transaction commits."""
    _bump()
    transaction.on_commit(_bump, robust=True)
