"""Petitions to the ayil okmotu: reading, filing, support, the answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.forms.errors import add_service_errors
from municipality.models import Role
from municipality.pagination import list_page
from municipality.permissions import role_required
from municipality.ratelimits import submission_ratelimit

from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    AnswerForm,
    PetitionForm,
)
from ..models import Petition


def petition_list(request):
    page = list_page(request, selectors.petitions_public())
    return render(
        request,
        "kenesh/petition_list.html",
        {"petitions": page.object_list, "page_obj": page, "today": timezone.localdate()},
    )


def petition_detail(request, pk):
    petition = get_object_or_404(selectors.petitions_public(), pk=pk)
    context = {
        "petition": petition,
        "overdue": petition.is_overdue(),
        "names": selectors.public_signer_names(petition),
        "my_signature": selectors.user_signature(petition, request.user),
        "can_answer": perms.can_answer_petition(request.user),
    }
    return render(request, "kenesh/petition_detail.html", context)


@login_required
@submission_ratelimit("kenesh-petition")
def petition_create(request):
    form = PetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.petition_file(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your petition is published."))
            return redirect(petition)
    return render(request, "kenesh/petition_form.html", {"form": form})


@login_required
@require_POST
@submission_ratelimit("kenesh-sign")
def petition_support(request, pk):
    petition = get_object_or_404(Petition, pk=pk)
    try:
        services.petition_support(petition=petition, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: your support is counted."))
    return redirect(petition)


@role_required(Role.STAFF, Role.HEAD)
def petition_answer(request, pk):
    petition = get_object_or_404(Petition, pk=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.petition_answer(
                actor=request.user, petition=petition, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(petition)
    return render(request, "kenesh/petition_answer.html", {"petition": petition, "form": form})
