import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

PENDING_PREFIX = "initiatives:pending:"
PENDING_MAX_AGE = 30 * 60  # seconds


def pending_key(request) -> str:
    return PENDING_PREFIX + request.path


def draft_login_required(view):
    """Like login_required, but a form posted after the session expired is kept.

    The posted fields (not files) go into the session; after logging in the person
    comes back to the same page and finds the form filled in again.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":
                data = {
                    k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"
                }
                request.session[pending_key(request)] = {"at": time.time(), "data": data}
                messages.warning(
                    request,
                    _("Your session has ended. Log in again: what you typed is kept."),
                )
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def pop_pending(request):
    """The form data kept across a login for this page, as a QueryDict, or None."""
    pending = request.session.pop(pending_key(request), None)
    # Kept for a short while only: on a shared computer the next person must not get it.
    if not pending or time.time() - pending.get("at", 0) > PENDING_MAX_AGE:
        return None
    data = pending["data"]
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


def error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def add_form_error(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)
