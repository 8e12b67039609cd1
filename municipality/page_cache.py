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
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

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


def is_visitor_request(request) -> bool:
    """An anonymous GET/HEAD of a public page, by a visitor with no state on the server."""
    if request.method not in ("GET", "HEAD"):
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    parts = request.path.split("/", 3)
    if len(parts) < 3 or parts[1] not in _languages():
        return False
    return parts[2] != "admin"


def is_storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - HARMLESS_VARY:
        return False
    return len(response.content) <= MAX_BODY


def _answer(request, stored):
    response = HttpResponse(stored["body"], status=200)
    for name, value in stored["headers"]:
        response[name] = value
    response["ETag"] = stored["etag"]
    response["Last-Modified"] = http_date(stored["at"])
    response["Content-Length"] = str(len(stored["body"]))
    response["X-Page-Cache"] = "hit"
    return response


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or not is_visitor_request(request):
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key = page_key(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY)
            if version is None:
                version = public_version()
        except Exception:  # noqa: BLE001 — the cache is down: render as if there were none
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        stored = found.get(key)
        if stored is not None and stored["version"] == version:
            response = _answer(request, stored)
            return self._conditional(request, response, stored)
        response = self.get_response(request)
        if not is_storable(request, response):
            return response
        body = response.content
        stored = {
            "version": version,
            "at": time.time(),
            "etag": f'"{version}-{hashlib.md5(body, usedforsecurity=False).hexdigest()[:16]}"',
            "headers": [(h, response[h]) for h in KEPT_HEADERS if response.has_header(h)],
            "body": body,
        }
        try:
            cache.set(key, stored, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("page cache unavailable", exc_info=True)
        response["ETag"] = stored["etag"]
        response["Last-Modified"] = http_date(stored["at"])
        response["X-Page-Cache"] = "miss"
        return self._conditional(request, response, stored)

    @staticmethod
    def _conditional(request, response, stored):
        # Browsers must ask again (revalidate) before reusing a copy: a 304 costs a round
        # trip but never shows a stale notice.
        patch_cache_control(response, no_cache=True, public=True)
        return get_conditional_response(
            request, etag=stored["etag"], last_modified=int(stored["at"]), response=response
        )
