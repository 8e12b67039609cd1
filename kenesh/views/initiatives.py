"""The people's initiatives: reading, filing, signing, the paper sheet, managing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.forms.errors import add_service_errors
from municipality.models import Municipality
from municipality.pagination import list_page
from municipality.permissions import role_required
from municipality.ratelimits import submission_ratelimit
from municipality.receipts import receipt_offer

from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    InitiativeForm,
    RefuseForm,
    RegisterForm,
    SheetForm,
    SignerFormSet,
    SignForm,
    ToAgendaForm,
)
from ..models import Initiative
from ._roles import OFFICE, SECRETARY


def initiative_list(request):
    page = list_page(request, selectors.initiatives_public())
    return render(
        request,
        "kenesh/initiative_list.html",
        {"initiatives": page.object_list, "page_obj": page},
    )


def initiative_detail(request, pk):
    initiative = get_object_or_404(Initiative, pk=pk)
    if not perms.can_view_initiative(request.user, initiative):
        raise Http404
    counts = selectors.signature_counts(initiative)
    context = {
        "initiative": initiative,
        "counts": counts,
        "needed": initiative.threshold or selectors.signature_threshold(),
        "charter": selectors.charter(),
        "names": selectors.public_signer_names(initiative),
        "my_signature": selectors.user_signature(initiative, request.user),
        "sign_form": SignForm(),
        "items": list(initiative.agenda_items.select_related("session", "decision")),
        "can_manage": perms.can_manage_kenesh(request.user),
        "can_enter_sheet": perms.can_enter_sheet(request.user),
    }
    return render(request, "kenesh/initiative_detail.html", context)


@login_required
def initiative_create(request):
    form = InitiativeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_file(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The initiative is filed. The kenesh secretary will register it.")
            )
            return redirect(initiative)
    return render(request, "kenesh/initiative_form.html", {"form": form})


@login_required
@require_POST
@submission_ratelimit("kenesh-sign")
def initiative_sign(request, pk):
    initiative = get_object_or_404(Initiative, pk=pk)
    form = SignForm(request.POST)
    form.is_valid()
    try:
        services.initiative_sign(
            initiative=initiative,
            user=request.user,
            show_name=form.cleaned_data.get("show_name", False),
            wants_news=form.cleaned_data.get("wants_news", False),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: your signature is counted."))
    return redirect(initiative)


@login_required
@require_POST
@submission_ratelimit("kenesh-sign")
def initiative_withdraw(request, pk):
    initiative = get_object_or_404(Initiative, pk=pk)
    try:
        services.initiative_withdraw(initiative=initiative, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your signature is withdrawn."))
    return redirect(initiative)


def signature_sheet_pdf(request, pk):
    """The printable paper signature sheet, in the page's language."""
    from municipality.pdf import render_pdf  # WeasyPrint loads only where a PDF is drawn

    initiative = get_object_or_404(Initiative, pk=pk, status=Initiative.Status.COLLECTING)
    pdf = render_pdf(
        template_name="kenesh/pdf/signature_sheet.html",
        context={
            "initiative": initiative,
            "municipality": Municipality.current(),
            "rows": range(1, 16),
        },
        language=get_language(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="signature-sheet-{initiative.pk}.pdf"'
    return response


@role_required(*SECRETARY)
def initiative_manage(request, pk):
    initiative = get_object_or_404(Initiative, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    register_form = RegisterForm(request.POST if action == "register" else None)
    refuse_form = RefuseForm(request.POST if action == "refuse" else None)
    agenda_form = ToAgendaForm(request.POST if action == "agenda" else None)
    errors = []
    try:
        if action == "register" and register_form.is_valid():
            services.initiative_register(
                actor=request.user, initiative=initiative, **register_form.cleaned_data
            )
            return redirect(initiative)
        if action == "refuse" and refuse_form.is_valid():
            services.initiative_refuse(
                actor=request.user, initiative=initiative, **refuse_form.cleaned_data
            )
            return redirect("kenesh:office")
        if action == "agenda" and agenda_form.is_valid():
            services.initiative_to_agenda(
                actor=request.user,
                initiative=initiative,
                session=agenda_form.cleaned_data["session"],
            )
            return redirect("kenesh:session-manage", pk=agenda_form.cleaned_data["session"].pk)
    except ValidationError as error:
        errors = error.messages
    context = {
        "initiative": initiative,
        "counts": selectors.signature_counts(initiative),
        "register_form": register_form,
        "refuse_form": refuse_form,
        "agenda_form": agenda_form,
        "errors": errors,
    }
    return render(request, "kenesh/initiative_manage.html", context)


@role_required(*OFFICE)
def sheet_enter(request, pk):
    initiative = get_object_or_404(Initiative, pk=pk)
    form = SheetForm(request.POST or None, request.FILES or None)
    formset = SignerFormSet(request.POST or None, prefix="line")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        try:
            sheet, accepted, refused = services.sheet_enter(
                actor=request.user,
                initiative=initiative,
                scan=form.cleaned_data["scan"],
                lines=lines,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Signatures entered: %(count)s.") % {"count": len(accepted)},
            )
            for reason in refused:
                messages.warning(request, reason)
            receipt_offer(request, kind="kenesh.sheet", obj=sheet)
            return redirect(initiative)
    return render(
        request,
        "kenesh/sheet_form.html",
        {"initiative": initiative, "form": form, "formset": formset},
    )
