"""The kenesh page, sessions (public and the secretary's) and decisions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.forms.errors import add_service_errors
from municipality.pagination import list_page
from municipality.permissions import is_office, role_required
from municipality.ratelimits import submission_ratelimit

from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    AgendaItemForm,
    DecisionForm,
    HoldForm,
    InviteForm,
    SessionForm,
)
from ..models import AgendaItem, Session
from ._lists import LATEST
from ._roles import SECRETARY


def index(request):
    """The coming sessions, a page of the past ones with their agenda, the latest
    resolutions (linking to the register), the deputies and commissions."""
    now = timezone.now()
    sessions = selectors.sessions_public()
    page = list_page(request, sessions.filter(starts_at__lt=now))
    context = {
        "upcoming": list(sessions.filter(starts_at__gte=now).order_by("starts_at", "pk")),
        "past": page.object_list,
        "page_obj": page,
        "resolutions": list(selectors.resolutions_public()[:LATEST]),
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
        "announce_by": services.announce_deadline(starts_at=session.starts_at),
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
