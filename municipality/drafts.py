"""No dead ends after a POST, and a language switch that keeps the draft.

A form that failed shows its page again with the mistakes, at the POST's address. Reloading
or switching the language then asks that address with GET. Two pieces answer it:

* ``FormDraftMiddleware`` keeps the last failed draft of each form page in the session (the
  page showed form errors: see the ``error_summary`` tag). The language switch on such a page
  links to ``?draft=1``; that GET shows the same page again with the draft and its mistakes,
  now in the other language.
* ``form_action`` is for POST-only action addresses (``/plan/5/comment/``): their GET shows
  the last failed draft the same way, or goes to the page the form lives on.

Nothing is ever saved by a GET: the draft is run again inside a transaction that is rolled
back, and only a page with mistakes is shown; anything else redirects to the page."""

import json
from functools import wraps

from django.db import transaction
from django.http import HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect
from django.utils.datastructures import MultiValueDict

DRAFT_PARAM = "draft"
DRAFT_MAX_CHARS = 50_000
_NOT_KEPT = {"csrfmiddlewaretoken"}
# Log-in and password forms: nothing worth keeping, and Django's password reset mails at once
# (not on commit), so they are never run again.
NO_DRAFT_VIEWS = {
    "municipality:login",
    "municipality:logout",
    "municipality:password-change",
    "municipality:password-reset",
    "municipality:password-reset-confirm",
}


def draft_key(request, kwargs) -> str:
    """One draft per form page, whatever the language of its address."""
    match = request.resolver_match
    name = match.view_name if match is not None else request.path
    return "form-draft:" + name + ":" + json.dumps(kwargs, sort_keys=True, default=str)


def _is_page(response) -> bool:
    return response.status_code in (200, 400) and response.get("Content-Type", "").startswith(
        "text/html"
    )


def _keep(request, key) -> None:
    pairs = [
        (name, value)
        for name in request.POST
        if name not in _NOT_KEPT and "password" not in name.lower()
        for value in request.POST.getlist(name)
    ]
    if sum(len(name) + len(value) for name, value in pairs) <= DRAFT_MAX_CHARS:
        request.session[key] = pairs
    else:
        request.session.pop(key, None)


def remember(request, response, kwargs) -> None:
    """After a POST: keep the draft when the page came back with mistakes, else forget it."""
    match = request.resolver_match
    if not hasattr(request, "session") or (match and match.view_name in NO_DRAFT_VIEWS):
        return
    if response.status_code >= 500:
        # The database may be down (the 503 page re-shows the input itself): touching the
        # session here would turn that page into a 500.
        return
    key = draft_key(request, kwargs)
    if _is_page(response) and getattr(request, "form_errors_shown", False):
        _keep(request, key)
    elif key in request.session:
        del request.session[key]


def replay(request, view, args, kwargs):
    """The page of the last failed draft, run again as a POST that saves nothing; or None."""
    draft = (
        request.session.get(draft_key(request, kwargs)) if hasattr(request, "session") else None
    )
    if not draft:
        return None
    data = QueryDict(mutable=True)
    for name, value in draft:
        data.appendlist(name, value)
    data._mutable = False
    method = request.method
    request.method = "POST"
    request._post, request._files = data, MultiValueDict()
    try:
        with transaction.atomic():
            response = view(request, *args, **kwargs)
            transaction.set_rollback(True)  # a GET never saves anything
    finally:
        request.method = method
    if _is_page(response) and getattr(request, "form_errors_shown", False):
        return response
    request.session.pop(draft_key(request, kwargs), None)
    return None


class FormDraftMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and request.resolver_match is not None:
            remember(request, response, request.resolver_match.kwargs)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "GET" or request.GET.get(DRAFT_PARAM) != "1":
            return None
        if getattr(view_func, "is_form_action", False):
            return None  # form_action answers its GET itself
        response = replay(request, view_func, view_args, view_kwargs)
        if response is not None:
            return response
        query = request.GET.copy()
        query.pop(DRAFT_PARAM, None)
        return redirect(request.path + (f"?{query.urlencode()}" if query else ""))


def form_action(page):
    """Decorate a POST-only form action; ``page(request, **kwargs)`` is its page's URL."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                return view(request, *args, **kwargs)  # FormDraftMiddleware keeps the draft
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "POST"])
            response = replay(request, view, args, kwargs)
            return response if response is not None else redirect(page(request, *args, **kwargs))

        wrapped.is_form_action = True
        return wrapped

    return decorator
