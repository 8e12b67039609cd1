"""What the community views share: call one service, show its refusal in the page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect

from municipality.forms.errors import add_service_errors


def form_service(form, call):
    """Run `call()` (one service) atomically; its refusal goes on the form. None if refused."""
    try:
        with transaction.atomic():
            return call()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def post_service(request, call, *, to, success: str = ""):
    """A button's POST: run `call()`, say what happened (if `success`), go back to `to`."""
    try:
        with transaction.atomic():
            call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if success:
            messages.success(request, success)
    return redirect(to)


def fields(form, *names) -> dict:
    """The named cleaned values, to pass on to a service as keywords."""
    return {name: form.cleaned_data[name] for name in names}


def meeting_counts(form) -> dict:
    """The attendance counts of a form with the kernel's AttendanceFormMixin."""
    return {"attendance": form.attendance_values(), "villages": form.attendance_villages()}
