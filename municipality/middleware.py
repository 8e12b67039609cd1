"""When the database is unreachable (a restart, a failover), the person gets a 503 page that
shows what they typed and a button to send it again — never a bare server error that loses
their input. Nothing on that page needs the database."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import translation

from .resend import resend_fields
from .views.errors import method_not_allowed, page_not_found

logger = logging.getLogger(__name__)


class ErrorPageMiddleware:
    """Empty 405 answers (require_POST, a class view) get the product's 405 page, and with
    DEBUG the product's 404 replaces Django's technical page unless DJANGO_TECHNICAL_404=1."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "product_error_page", False) or getattr(response, "streaming", 0):
            return response
        if response.status_code == 405 and not response.content:
            allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            return method_not_allowed(request, allowed)
        if (
            response.status_code == 404
            and settings.DEBUG
            and not settings.TECHNICAL_404
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request)
        return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning(
            "database unavailable for %s %s: %s", request.method, request.path, exception
        )
        resend, shown = resend_fields(request)
        context = {
            "LANGUAGE_CODE": translation.get_language() or "ky",
            "method": request.method,
            "action": request.get_full_path(),
            "resend": resend,
            "shown": shown,
            "has_files": bool(request.method == "POST" and request.FILES),
            "csrf_token": get_token(request),
        }
        response = HttpResponse(get_template("503.html").render(context), status=503)
        response["Retry-After"] = "10"
        return response
