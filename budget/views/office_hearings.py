"""Office pages of hearings: create, announce, materials, paper proposals, hold, decide, protocol."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.drafts import form_action
from municipality.forms.errors import add_service_errors
from municipality.permissions import role_required
from municipality.receipts import receipt_offer

from .. import selectors, services
from ..forms import (
    DecisionForm,
    HearingForm,
    HoldForm,
    MaterialForm,
    PaperProposalForm,
)
from ..models import Hearing, Proposal
from ..permissions import (
    can_announce_hearing,
    can_decide_proposal,
    can_edit_hearing,
    can_hold_hearing,
    can_publish_protocol,
    can_record_proposal,
)
from .common import hearings_context, url_to


def _office_hearing_url(request, pk):
    return url_to("budget:office-hearing", pk=pk)


# Office pages -----------------------------------------------------------------------------


@role_required()
def office(request):
    context = hearings_context(request, include_drafts=True)
    context["years"] = selectors.budget_years()
    return render(request, "budget/office/index.html", context)


@role_required()
def office_hearing_create(request):
    form = HearingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hearing = services.hearing_create(actor=request.user, data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The hearing is saved as a draft."))
            return redirect("budget:office-hearing", pk=hearing.pk)
    return render(request, "budget/office/hearing_form.html", {"form": form})


@role_required()
def office_hearing_edit(request, pk):
    hearing = get_object_or_404(Hearing, pk=pk)
    if not can_edit_hearing(request.user, hearing):
        raise PermissionDenied
    form = HearingForm(request.POST or None, instance=hearing)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.hearing_update(
                hearing=Hearing.objects.get(pk=pk), actor=request.user, data=data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The hearing is saved."))
            return redirect("budget:office-hearing", pk=pk)
    return render(request, "budget/office/hearing_form.html", {"form": form, "hearing": hearing})


def _office_hearing_context(request, hearing, **forms):
    user = request.user
    context = {
        "hearing": hearing,
        "proposals": list(
            hearing.proposals.prefetch_related(
                "kenesh_items__session", "kenesh_items__decision__resolution"
            )
        ),
        "registrations": list(hearing.registrations.select_related("user")),
        "can_edit": can_edit_hearing(user, hearing),
        "can_announce": can_announce_hearing(user, hearing),
        "can_hold": can_hold_hearing(user, hearing),
        "can_publish": can_publish_protocol(user, hearing),
        "can_record": can_record_proposal(user, hearing),
        "can_decide": hearing.status == Hearing.Status.HELD,
        "material_form": forms.get("material_form") or MaterialForm(),
        "paper_form": forms.get("paper_form") or PaperProposalForm(hearing=hearing),
        "notice_days": services.hearings.notice_days(),
        "announce_by": timezone.localdate(hearing.starts_at)
        - datetime.timedelta(days=services.hearings.notice_days()),
    }
    return context


def _office_hearing(pk):
    try:
        return selectors.hearing_detail(pk=pk)
    except Hearing.DoesNotExist:
        raise Http404 from None


@role_required()
def office_hearing(request, pk):
    hearing = _office_hearing(pk)
    return render(
        request, "budget/office/hearing_detail.html", _office_hearing_context(request, hearing)
    )


@role_required()
@require_POST
def office_hearing_announce(request, pk):
    hearing = _office_hearing(pk)
    try:
        services.hearing_announce(hearing=hearing, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The hearing is announced on the notice board."))
    return redirect("budget:office-hearing", pk=pk)


@role_required()
@form_action(page=_office_hearing_url)
def office_hearing_material(request, pk):
    hearing = _office_hearing(pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.hearing_material_add(
                hearing=hearing,
                actor=request.user,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file is added to the materials."))
            return redirect("budget:office-hearing", pk=pk)
    context = _office_hearing_context(request, hearing, material_form=form)
    return render(request, "budget/office/hearing_detail.html", context, status=400)


@role_required()
@form_action(page=_office_hearing_url)
def office_hearing_proposal(request, pk):
    hearing = _office_hearing(pk)
    form = PaperProposalForm(request.POST, hearing=hearing)
    if form.is_valid():
        try:
            proposal = services.proposal_record(
                hearing=hearing, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal is recorded."))
            receipt_offer(request, kind="budget.proposal", obj=proposal)
            return redirect("budget:office-hearing", pk=pk)
    context = _office_hearing_context(request, hearing, paper_form=form)
    return render(request, "budget/office/hearing_detail.html", context, status=400)


@role_required()
def office_hearing_hold(request, pk):
    hearing = _office_hearing(pk)
    if not can_hold_hearing(request.user, hearing):
        raise PermissionDenied
    initial = {"discussion": hearing.discussion}
    form = HoldForm(request.POST or None, hearing=hearing, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.hearing_hold(
                hearing=hearing,
                actor=request.user,
                attendance=form.attendance_values(),
                villages=form.attendance_villages(),
                discussion=data.get("discussion", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The record of the hearing is saved."))
            return redirect("budget:office-hearing", pk=pk)
    return render(request, "budget/office/hearing_hold.html", {"hearing": hearing, "form": form})


@role_required()
def office_proposal_decide(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related("hearing", "author", "budget_line__category"), pk=pk
    )
    if not can_decide_proposal(request.user, proposal):
        raise PermissionDenied
    initial = {"decision": proposal.decision or None, "reason": proposal.decision_reason}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_decide(
                proposal=proposal,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is saved and the proposer is notified."))
            return redirect("budget:office-hearing", pk=proposal.hearing_id)
    return render(
        request, "budget/office/proposal_decide.html", {"proposal": proposal, "form": form}
    )


@role_required()
@require_POST
def office_hearing_protocol(request, pk):
    hearing = _office_hearing(pk)
    try:
        services.hearing_publish_protocol(hearing=hearing, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        # A double click: the other click has issued the protocol meanwhile.
        if not Hearing.objects.filter(pk=hearing.pk, protocol__isnull=False).exists():
            raise
        messages.success(request, _("The protocol is issued and published on the notice board."))
    else:
        messages.success(request, _("The protocol is issued and published on the notice board."))
    return redirect("budget:office-hearing", pk=pk)
