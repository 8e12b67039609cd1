"""What a POST sent, to offer it again: the 503 page of the database middleware and the
expired-session page (`views.errors.csrf_failure`) both show what the person typed and a
button to send it again. Both import it from here, so neither imports the other."""

# Fields not shown back (secrets, form machinery); they are still re-sent, except passwords.
_HIDDEN_SUFFIXES = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
_NOT_SHOWN = {"csrfmiddlewaretoken", "client_token", "action"}


def resend_fields(request) -> tuple[list, list]:
    """A POST's fields to send again (no token, no password) and the typed values to show."""
    resend, shown = [], []
    if request.method != "POST":
        return resend, shown
    for key in request.POST:
        if key == "csrfmiddlewaretoken" or "password" in key.lower():
            continue
        for value in request.POST.getlist(key):
            resend.append((key, value))
            if value.strip() and key not in _NOT_SHOWN and not key.endswith(_HIDDEN_SUFFIXES):
                shown.append(value)
    return resend, shown
