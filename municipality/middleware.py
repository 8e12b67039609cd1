"""When the database is unreachable (a restart, a failover), the person gets a 503 page that
shows what they typed and a button to send it again — never a bare server error that loses
their input. Nothing on that page needs the database."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import translation

logger = logging.getLogger(__name__)

# Fields not shown back (secrets, form machinery); they are still re-sent, except passwords.
_HIDDEN_SUFFIXES = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
_NOT_SHOWN = {"csrfmiddlewaretoken", "client_token", "action"}


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
        resend, shown = [], []
        if request.method == "POST":
            for key in request.POST:
                if key == "csrfmiddlewaretoken" or "password" in key.lower():
                    continue
                for value in request.POST.getlist(key):
                    resend.append((key, value))
                    if (
                        value.strip()
                        and key not in _NOT_SHOWN
                        and not key.endswith(_HIDDEN_SUFFIXES)
                    ):
                        shown.append(value)
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
