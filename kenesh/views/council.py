"""The secretary's office page, the deputies and the standing commissions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from municipality.forms.errors import add_service_errors
from municipality.pagination import list_page
from municipality.permissions import role_required

from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    CharterForm,
    CommissionForm,
    DeputyForm,
)
from ..models import Commission, Deputy, Petition, Resolution, Session
from ._lists import LATEST
from ._roles import OFFICE, SECRETARY


@role_required(*OFFICE)
def office(request):
    can_manage = perms.can_manage_kenesh(request.user)
    charter_form = None
    if can_manage:
        current = selectors.charter()
        charter_form = CharterForm(
            request.POST or None,
            initial={
                "number": current.number if current else "",
                "adopted_on": current.adopted_on if current else None,
                "signature_threshold": current.signature_threshold if current else None,
            },
        )
        if request.method == "POST" and charter_form.is_valid():
            services.charter_save(actor=request.user, **charter_form.cleaned_data)
            messages.success(request, _("The charter is saved."))
            return redirect("kenesh:office")
    elif request.method == "POST":
        raise PermissionDenied
    page = list_page(request, Session.objects.order_by("-starts_at", "-pk"))
    context = {
        "can_manage": can_manage,
        "charter_form": charter_form,
        "sessions": page.object_list,
        "page_obj": page,
        "filed": list(selectors.initiatives_filed()),
        "initiatives": list(selectors.initiatives_public()[:LATEST]),
        "drafts": list(Resolution.objects.filter(status=Resolution.Status.DRAFT)),
        "overdue": list(selectors.petitions_overdue()),
        "petitions": list(selectors.petitions_public().filter(status=Petition.Status.OPEN)),
    }
    return render(request, "kenesh/office.html", context)


@role_required(*SECRETARY)
def deputies(request):
    """The deputies of the kenesh: the list and a form to add one."""
    form = DeputyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deputy_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The deputy is added."))
            return redirect("kenesh:deputies")
    context = {"form": form, "deputies": list(Deputy.objects.select_related("village"))}
    return render(request, "kenesh/deputies.html", context)


@role_required(*SECRETARY)
def commissions(request):
    """The standing commissions: the list and a form to form one."""
    form = CommissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.commission_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The commission is saved."))
            return redirect("kenesh:commissions")
    context = {"form": form, "commissions": selectors.commissions()}
    return render(request, "kenesh/commissions.html", context)


@role_required(*SECRETARY)
def commission_edit(request, pk):
    commission = get_object_or_404(Commission, pk=pk)
    initial = {
        "name_ky": commission.name_ky,
        "name_ru": commission.name_ru,
        "members": list(commission.members.all()),
        "chair": commission.chair,
    }
    form = CommissionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commission_update(
                actor=request.user, commission=commission, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The commission is saved."))
            return redirect("kenesh:commissions")
    return render(request, "kenesh/commission_form.html", {"form": form, "commission": commission})
