"""The office's register of people: search, enter, correct, remove."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from municipality.forms.errors import add_service_errors
from municipality.forms.people import PersonForm, PersonSearchForm
from municipality.models import Person
from municipality.pagination import list_page
from municipality.permissions import role_required
from municipality.selectors.people import people_search, person_duplicates
from municipality.services.people import person_create, person_delete, person_update

PAGE_SIZE = 50


@role_required()
def person_list(request):
    form = PersonSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = people_search(query=filters.get("q", ""), village=filters.get("village"))
    page = list_page(request, people, numbered=True, size=PAGE_SIZE)
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(
        request,
        "municipality/people/person_list.html",
        {"form": form, "page_obj": page, "query": query},
    )


@role_required()
@require_http_methods(["GET", "POST"])
def person_edit(request, pk=None):
    """Enter a new person (no pk) or correct a record (pk); duplicates are shown, not refused."""
    person = get_object_or_404(Person, pk=pk) if pk else None
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                person = person_create(actor=request.user, **form.service_fields())
            else:
                person = person_update(person=person, actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved in the register."))
            return redirect("municipality:office-person-edit", pk=person.pk)
    if person is not None:
        person.refresh_from_db()
    return render(
        request,
        "municipality/people/person_form.html",
        {
            "form": form,
            "person": person,
            "duplicates": person_duplicates(person) if person else [],
        },
        status=400 if form.errors else 200,
    )


@role_required()
@require_http_methods(["GET", "POST"])
def person_remove(request, pk):
    """Remove a person who withdrew their consent (asks first)."""
    person = get_object_or_404(Person, pk=pk)
    if request.method == "POST":
        try:
            person_delete(person=person, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("municipality:office-person-edit", pk=person.pk)
        messages.success(request, _("The person's data were removed from the register."))
        return redirect("municipality:office-people")
    return render(request, "municipality/people/person_confirm_remove.html", {"person": person})
