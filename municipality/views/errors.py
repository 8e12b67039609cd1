"""Error pages in the site's layout and language, each with a way back.

403, 404, 405, 500 and the CSRF failure (an expired session). The CSRF page shows what the
person typed and sends it again with a fresh token (only for a form of this site)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseServerError
from django.middleware.csrf import REASON_BAD_ORIGIN, get_token
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from ..resend import resend_fields


def _page(request, template, status, context=None):
    response = render(request, template, {"back_url": _back_url(request), **(context or {})})
    response.status_code = status
    response.product_error_page = True  # ErrorPageMiddleware leaves it alone
    return response


def _back_url(request) -> str:
    """The page the person came from when it is on this site, for a "Back" link."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        if parts.path != request.path:
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


def permission_denied(request, exception=None):
    return _page(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _page(request, "404.html", 404)


def method_not_allowed(request, allowed=()):
    response = _page(request, "405.html", 405)
    if allowed:
        response["Allow"] = ", ".join(allowed)
    return response


def server_error(request):
    translation.activate(translation.get_language_from_path(request.path_info) or "ky")
    try:  # the layout needs the database (the municipality's name); the bare page does not
        return _page(request, "500.html", 500)
    except Exception:  # noqa: BLE001 - an error page must not fail
        html = get_template("500_bare.html").render({"LANGUAGE_CODE": translation.get_language()})
        return HttpResponseServerError(html)


def _same_site_form(request) -> bool:
    """The POST came from a page of this site (its Origin or Referer is our host)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    if not source or source == "null":
        return False
    return urlsplit(source).netloc == request.get_host()


def csrf_failure(request, reason=""):
    """An expired session (or a form left open for a day): the typed text is not lost.

    The page lists what was typed and a button sends it again with a fresh token. It is only
    offered for a form of this site: a form on another site must not get a valid token."""
    can_resend = (
        request.method == "POST" and reason != REASON_BAD_ORIGIN and _same_site_form(request)
    )
    resend, shown = resend_fields(request) if can_resend else ([], [])
    context = {
        "can_resend": can_resend,
        "action": request.get_full_path(),
        "resend": resend,
        "shown": shown,
        "has_files": bool(can_resend and request.FILES),
        "csrf_token": get_token(request),
        "debug_reason": reason if settings.DEBUG else "",
    }
    return _page(request, "403_csrf.html", 403, context)


def rate_limited(request, exception=None):
    return _page(request, "429.html", 429)
