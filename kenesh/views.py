"""Views parse input, check permission, call one service and respond."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.files import file_response
from municipality.forms.errors import add_service_errors
from municipality.models import Municipality, Role
from municipality.pdf import render_pdf
from municipality.permissions import is_office, role_required
from municipality.ratelimits import submission_ratelimit

from . import permissions as perms
from . import selectors, services
from .forms import (
    AgendaItemForm,
    AnswerForm,
    CharterForm,
    CommissionForm,
    DecisionForm,
    DeputyForm,
    HoldForm,
    InitiativeForm,
    InviteForm,
    PetitionForm,
    RefuseForm,
    RegisterForm,
    SessionForm,
    SheetForm,
    SignerFormSet,
    SignForm,
    ToAgendaForm,
)
from .models import AgendaItem, Commission, Deputy, Initiative, Petition, Resolution, Session

SECRETARY = (Role.KENESH_SECRETARY, Role.ADMINISTRATOR)
OFFICE = (Role.STAFF, Role.HEAD, Role.KENESH_SECRETARY, Role.ADMINISTRATOR)


# Public pages


def index(request):
    """Sessions with their agenda, the latest resolutions, initiatives and petitions."""
    today = timezone.now()
    sessions = list(selectors.sessions_public()[:20])
    context = {
        "upcoming": [s for s in sessions if s.starts_at >= today],
        "past": [s for s in sessions if s.starts_at < today],
        "resolutions": list(selectors.resolutions_public()[:10]),
        "initiatives": list(selectors.initiatives_public()[:10]),
        "deputies": list(selectors.deputies_in_office()),
        "commissions": selectors.commissions(),
        "charter": selectors.charter(),
        "is_office": perms.can_manage_kenesh(request.user) or is_office(request.user),
    }
    return render(request, "kenesh/index.html", context)


def session_detail(request, pk):
    session = get_object_or_404(Session, pk=pk)
    if not perms.can_view_session(request.user, session):
        raise Http404
    context = {
        "session": session,
        "items": selectors.session_items(session),
        "quorum": selectors.session_quorum(session)
        if session.status == Session.Status.HELD
        else None,
        "deputies_present": list(session.deputies_present.all()),
        "registered": request.user.is_authenticated
        and session.registrations.filter(user=request.user).exists(),
        "registrations": session.registrations.count(),
        "can_manage": perms.can_manage_kenesh(request.user),
    }
    return render(request, "kenesh/session_detail.html", context)


@login_required
@require_POST
@submission_ratelimit("kenesh-attend")
def session_register(request, pk):
    session = get_object_or_404(Session, pk=pk)
    if not perms.can_view_session(request.user, session):
        raise Http404
    try:
        services.session_register(session=session, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You are registered to attend the session."))
    return redirect(session)


def session_poster(request, pk):
    """The A4 poster of an announced (or past) session, in ?language= or the page's."""
    session = get_object_or_404(
        Session, pk=pk, status__in=(Session.Status.ANNOUNCED, Session.Status.HELD)
    )
    language = request.GET.get("language") or request.LANGUAGE_CODE
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise Http404
    pdf = selectors.session_poster_pdf(session=session, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="session-{session.pk}-{language}.pdf"'
    return response


def resolution_list(request):
    return render(
        request,
        "kenesh/resolution_list.html",
        {"resolutions": list(selectors.resolutions_public())},
    )


def resolution_detail(request, pk):
    resolution = get_object_or_404(Resolution.objects.select_related("session"), pk=pk)
    can_manage = perms.can_manage_kenesh(request.user)
    if resolution.status != Resolution.Status.PUBLISHED and not can_manage:
        raise Http404
    return render(
        request,
        "kenesh/resolution_detail.html",
        {"resolution": resolution, "can_manage": can_manage},
    )


def resolution_pdf_ru(request, pk):
    """The stored Russian translation copy of a published resolution (same number)."""
    resolution = get_object_or_404(Resolution, pk=pk, status=Resolution.Status.PUBLISHED)
    if not resolution.pdf_ru:
        raise Http404  # being prepared: stored after publishing, never rendered here
    return file_response(
        resolution.pdf_ru.name,
        public=True,
        filename=f"resolution-{resolution.number}-ru.pdf",
        request=request,
    )


def initiative_list(request):
    return render(
        request,
        "kenesh/initiative_list.html",
        {"initiatives": list(selectors.initiatives_public())},
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


def petition_list(request):
    return render(
        request,
        "kenesh/petition_list.html",
        {"petitions": list(selectors.petitions_public()), "today": timezone.localdate()},
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


# The secretary's and the office's pages


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
    context = {
        "can_manage": can_manage,
        "charter_form": charter_form,
        "sessions": list(Session.objects.all()[:20]),
        "filed": list(selectors.initiatives_filed()),
        "initiatives": list(selectors.initiatives_public()),
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


@role_required(*SECRETARY)
def session_create(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("kenesh:session-manage", pk=session.pk)
    return render(request, "kenesh/session_form.html", {"form": form})


@role_required(*SECRETARY)
def session_manage(request, pk):
    """Agenda, announcement, who came, invitations: one page, one form per step."""
    session = get_object_or_404(Session, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    item_form = AgendaItemForm(
        request.POST if action == "item" else None, request.FILES if action == "item" else None
    )
    hold_form = HoldForm(request.POST if action == "hold" else None, session=session)
    invite_form = InviteForm(request.POST if action == "invite" else None)
    errors = []
    if action:
        try:
            if action == "item" and item_form.is_valid():
                services.agenda_item_add(
                    actor=request.user, session=session, **item_form.cleaned_data
                )
                return redirect("kenesh:session-manage", pk=session.pk)
            if action == "announce":
                services.session_announce(actor=request.user, session=session)
                messages.success(request, _("The session is announced on the notice board."))
                return redirect("kenesh:session-manage", pk=session.pk)
            if action == "hold" and hold_form.is_valid():
                services.session_hold(
                    actor=request.user,
                    session=session,
                    deputies_present=hold_form.cleaned_data["deputies_present"],
                    attendance=hold_form.attendance_values(),
                    villages=hold_form.attendance_villages(),
                )
                return redirect("kenesh:session-manage", pk=session.pk)
            if action == "invite" and invite_form.is_valid():
                item = get_object_or_404(
                    AgendaItem, pk=_int(request.POST.get("item")), session=session
                )
                services.initiators_invite(
                    actor=request.user, item=item, how=invite_form.cleaned_data["how"]
                )
                return redirect("kenesh:session-manage", pk=session.pk)
        except ValidationError as error:
            errors = error.messages
    context = {
        "session": session,
        "items": selectors.session_items(session),
        "item_form": item_form,
        "hold_form": hold_form,
        "invite_form": invite_form,
        "errors": errors,
        "announce_by": services.announce_deadline(session.starts_at),
        "quorum": selectors.session_quorum(session)
        if session.status == Session.Status.HELD
        else None,
    }
    return render(request, "kenesh/session_manage.html", context)


def _int(value) -> int:
    """A posted id, or -1 (matches nothing) when it is not a number a column can hold."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 < number < 2**63 else -1


@role_required(*SECRETARY)
def decision_record(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("session", "initiative"), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("kenesh:session-manage", pk=item.session_id)
    return render(request, "kenesh/decision_form.html", {"item": item, "form": form})


@role_required(*SECRETARY)
@require_POST
def resolution_publish(request, pk):
    resolution = get_object_or_404(Resolution, pk=pk)
    try:
        services.resolution_publish(actor=request.user, resolution=resolution)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The resolution is published."))
    return redirect(resolution)


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
            _sheet, accepted, refused = services.sheet_enter(
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
            return redirect(initiative)
    return render(
        request,
        "kenesh/sheet_form.html",
        {"initiative": initiative, "form": form, "formset": formset},
    )


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
