"""What the community views share: call one service, show its refusal in the page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect

from municipality.forms.errors import add_service_errors
from municipality.pagination import list_page as paginate


def list_page(request, queryset, *, param: str = "page", numbered: bool = False) -> dict:
    """A page of `queryset` (`?<param>=`): numbered ("Page 2 of 9") for a register, else
    a newest-first feed without COUNT. `query` keeps the page's other parameters."""
    page = paginate(request, queryset, numbered=numbered, param=param)
    query = request.GET.copy()
    query.pop(param, None)
    return {"page": page, "rows": page.object_list, "param": param, "query": query.urlencode()}


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
