"""Visitors' public pages from a cache, never stale, and conditional GET.

`PublicPageCacheMiddleware` keeps the finished response of an anonymous GET (or HEAD) of a
page under a language prefix (/ky/..., /ru/...) in the "pages" cache, keyed by the address
(path and query string) and stamped with the public content version
(municipality/services/public_version.py). A stored page is served only while the version
is the one it was rendered under, so the request after any service write renders afresh.

Only visitors without state are served or stored: no session cookie (so no logged-in user,
no form draft, no messages) and no messages cookie. A response is stored only when it is a
complete 200 that sets no cookie, used no CSRF token (a form for this visitor), varies on
nothing but the language, and does not say private/no-store/no-cache. The office and the
admin are never stored (a visitor gets a redirect to the login there anyway).

Time also changes pages (a deadline passes without any write), so a stored page lives at
most PUBLIC_PAGE_CACHE_SECONDS (default 60; 0 turns the cache off — the test settings do,
so the apps' query-count tests measure rendering; tests/cross/test_page_cache.py turns it on).

Every stored page carries an ETag (the version and a digest of the body) and a
Last-Modified (when it was rendered); a returning visitor whose copy is current gets
304 Not Modified with no body.

`OwnPageCacheMiddleware` does the same for a logged-in person's GET of a page: their own
pages and the office's. A stored page is kept per session (and per CSRF cookie, since the
page's forms carry a token made from it) and served only while both the public content
version and the stored data version (municipality/data_version.py: any write to
the database, by anyone, through any connection) are the ones it was rendered under, and
while the session still belongs to the same person. So a draft saved, a status moved, a
subscription confirmed, a message sent by the worker or a log-out elsewhere shows on the very
next request. A page that shows a message, changed the session or set a cookie is not kept;
a view that must always be live says so with `Cache-Control: no-store` (`never_cache`).
It lives at most OWN_PAGE_CACHE_SECONDS (default 60; 0 turns it off, as the test settings
do; tests/cross/test_own_page_cache.py turns it on).
"""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from municipality.data_version import DATA_VERSION_KEY, data_version
from municipality.services.public_version import CACHE_ALIAS, VERSION_KEY, public_version

logger = logging.getLogger(__name__)

#: Vary values that do not split visitors: the language is in the address, and a page is
#: only stored and served for a request without a session or messages cookie (Cookie is
#: there because the layout looks at the session to find out nobody is logged in).
HARMLESS_VARY = {"accept-language", "accept-encoding", "cookie"}
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Vary",
)
MAX_QUERY = 200
MAX_BODY = 2 * 1024 * 1024


def _languages() -> set[str]:
    return {code for code, _ in settings.LANGUAGES}


def page_key(request) -> str:
    query = request.META.get("QUERY_STRING", "")
    digest = hashlib.sha1(f"{request.path}?{query}".encode()).hexdigest()
    return f"page:{digest}"


def own_page_key(request) -> str:
    """The page's address for this session and this CSRF cookie (never stored in clear)."""
    cookies = request.COOKIES
    query = request.META.get("QUERY_STRING", "")
    owner = f"{cookies.get(settings.SESSION_COOKIE_NAME)}|{cookies.get(settings.CSRF_COOKIE_NAME)}"
    digest = hashlib.sha256(f"{owner}|{request.path}?{query}".encode()).hexdigest()
    return f"own:{digest}"


def _is_page_get(request) -> bool:
    """A GET/HEAD of a page under a language prefix, outside the admin, with no message."""
    if request.method not in ("GET", "HEAD") or request.COOKIES.get("messages"):
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY:
        return False
    parts = request.path.split("/", 3)
    if len(parts) < 3 or parts[1] not in _languages():
        return False
    return parts[2] != "admin"


def is_visitor_request(request) -> bool:
    """An anonymous GET/HEAD of a public page, by a visitor with no state on the server."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and _is_page_get(request)


def is_own_request(request) -> bool:
    """A GET/HEAD of a page by a browser with a session and a CSRF cookie."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        and settings.CSRF_COOKIE_NAME in cookies
        and _is_page_get(request)
    )


def _is_plain_page(response, refused) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("X-Accel-Redirect"):
        return False  # nginx sends the file: the body here is empty
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in refused):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - HARMLESS_VARY:
        return False
    return len(response.content) <= MAX_BODY


def is_storable(request, response) -> bool:
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    return _is_plain_page(response, ("private", "no-store", "no-cache"))


def is_own_storable(request, response) -> bool:
    """A page for this session that reads nothing a later request could not see: no new
    CSRF secret (Django re-sends a used one only to renew it), no session change (a
    message, a draft, a log-in), no cookie set."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is not None and secret != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        return False
    if request.session.modified:
        return False
    return _is_plain_page(response, ("no-store",))


def _session_owner(request):
    """The session's person, read once; False when nobody is logged in with it (a made-up
    cookie stores nothing), when it holds a message, or when it cannot be read (the
    database is down: the view answers)."""
    try:
        session = request.session
        if SessionStorage.session_key in session:
            return False
        return session.get(SESSION_KEY) or False
    except DatabaseError:
        return False


def _etag(version, body) -> str:
    digest = hashlib.md5(repr(version).encode() + body, usedforsecurity=False).hexdigest()
    return f'"{digest[:24]}"'


def _answer(stored):
    response = HttpResponse(stored["body"], status=200)
    for name, value in stored["headers"]:
        response[name] = value
    response["Content-Length"] = str(len(stored["body"]))
    response["X-Page-Cache"] = "hit"
    return response


class _PageCache:
    """Serve a stored page while the versions it was rendered under hold; else render it
    and store it. The subclasses say whose requests they serve and which versions count."""

    #: Whether a browser may share its copy (visitors) or must keep it private (a person).
    public = True

    def __init__(self, get_response):
        self.get_response = get_response

    def seconds(self) -> int:
        raise NotImplementedError

    def owner(self, request):
        """Who the page is for (part of its version), or False to leave the request alone."""
        raise NotImplementedError

    def key(self, request) -> str:
        raise NotImplementedError

    def versions(self, found) -> tuple:
        raise NotImplementedError

    def storable(self, request, response) -> bool:
        raise NotImplementedError

    def __call__(self, request):
        seconds = self.seconds()
        owner = self.owner(request) if seconds > 0 else False
        if owner is False:
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key = self.key(request)
        try:
            found = cache.get_many([VERSION_KEY, DATA_VERSION_KEY, key])
            version = (owner, *self.versions(found))
        except Exception:  # noqa: BLE001 — the cache is down: render as if there were none
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        stored = found.get(key)
        if stored is not None and stored["version"] == version:
            return self._conditional(request, _answer(stored), stored)
        response = self.get_response(request)
        if not self.storable(request, response):
            return response
        body = response.content
        stored = {
            "version": version,
            "at": time.time(),
            "etag": _etag(version, body),
            "headers": [(h, response[h]) for h in KEPT_HEADERS if response.has_header(h)],
            "body": body,
        }
        try:
            cache.set(key, stored, timeout=seconds)
        except Exception:  # noqa: BLE001
            logger.warning("page cache unavailable", exc_info=True)
        response["X-Page-Cache"] = "miss"
        return self._conditional(request, response, stored)

    def _conditional(self, request, response, stored):
        # Browsers must ask again (revalidate) before reusing a copy: a 304 costs a round
        # trip but never shows a stale page.
        response["ETag"] = stored["etag"]
        response["Last-Modified"] = http_date(stored["at"])
        if self.public:
            patch_cache_control(response, no_cache=True, public=True)
        else:
            patch_cache_control(response, no_cache=True, private=True)
        return get_conditional_response(
            request, etag=stored["etag"], last_modified=int(stored["at"]), response=response
        )


class PublicPageCacheMiddleware(_PageCache):
    """Visitors' pages, under the public content version."""

    def seconds(self) -> int:
        return settings.PUBLIC_PAGE_CACHE_SECONDS

    def owner(self, request):
        return None if is_visitor_request(request) else False

    def key(self, request) -> str:
        return page_key(request)

    def versions(self, found) -> tuple:
        return (found.get(VERSION_KEY) or public_version(),)

    def storable(self, request, response) -> bool:
        return is_storable(request, response)


class OwnPageCacheMiddleware(_PageCache):
    """A logged-in person's pages, under the public and the stored data versions."""

    public = False

    def seconds(self) -> int:
        return settings.OWN_PAGE_CACHE_SECONDS

    def owner(self, request):
        if not is_own_request(request):
            return False
        return _session_owner(request)

    def key(self, request) -> str:
        return own_page_key(request)

    def versions(self, found) -> tuple:
        return (
            found.get(VERSION_KEY) or public_version(),
            found.get(DATA_VERSION_KEY) or data_version(),
        )

    def storable(self, request, response) -> bool:
        return is_own_storable(request, response)
