"""Form actions that are not dead ends after a POST.

A form that posts to an action address (``/plan/5/comment/``) and, on a mistake, shows its
page again with the errors leaves that address in the browser's bar. Reloading it or
switching the language then asked the action address with GET: a bare 405 and the typed
text lost. ``form_action`` keeps the person's last failed draft in the session and answers
GET by showing the same page again with that draft and its mistakes (in the new language);
without a draft, GET goes to the page the form lives on. Nothing is ever saved by a GET: the
draft is run again inside a transaction that is rolled back, and only its "mistakes" page
is shown."""

import json
from functools import wraps

from django.db import transaction
from django.http import HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect
from django.utils.datastructures import MultiValueDict

DRAFT_MAX_CHARS = 50_000
_NOT_KEPT = {"csrfmiddlewaretoken"}


def _key(request, kwargs) -> str:
    match = request.resolver_match
    name = match.view_name if match is not None else request.path
    return "form-draft:" + name + ":" + json.dumps(kwargs, sort_keys=True, default=str)


def _failed_page(response) -> bool:
    """The action showed its page again with mistakes (the views answer those with 400)."""
    return response.status_code == 400 and response.get("Content-Type", "").startswith("text/html")


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


def form_action(page):
    """Decorate a POST-only form action; ``page(request, **kwargs)`` is its page's URL."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            key = _key(request, kwargs)
            if request.method == "POST":
                response = view(request, *args, **kwargs)
                if _failed_page(response):
                    _keep(request, key)
                else:
                    request.session.pop(key, None)
                return response
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "POST"])
            draft = request.session.get(key)
            if not draft:
                return redirect(page(request, *args, **kwargs))
            data = QueryDict(mutable=True)
            for name, value in draft:
                data.appendlist(name, value)
            data._mutable = False
            method = request.method
            request.method = "POST"
            request._post, request._files = data, MultiValueDict()
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                transaction.set_rollback(True)  # a GET never saves anything
            request.method = method
            if _failed_page(response):
                return response
            request.session.pop(key, None)
            return redirect(page(request, *args, **kwargs))

        return wrapped

    return decorator
