"""The office's contest pages: list, create, edit, the contest page, moves, criteria."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from municipality.pagination import list_page
from municipality.permissions import is_head

from ... import permissions as perms
from ... import selectors, services
from ...forms import (
    CommissionMemberForm,
    ContestForm,
    CriterionFormSet,
    ExtendWindowForm,
    ProtocolSignatureForm,
)
from ...models import Contest
from ..common import add_form_error
from .roles import office_only

MOVE_LABELS = {
    Contest.Status.ANNOUNCED: gettext_lazy("Announce (publish the notice)"),
    Contest.Status.ACCEPTING: gettext_lazy("Open the application window"),
    Contest.Status.EVALUATION: gettext_lazy("Close the window and start the evaluation"),
    Contest.Status.PROTOCOL: gettext_lazy("Hold the sitting: put the protocol up for signing"),
    Contest.Status.ADOPTED: gettext_lazy("Adopt the signed protocol"),
    Contest.Status.RESULTS: gettext_lazy("Approve the results by order"),
    Contest.Status.IMPLEMENTATION: gettext_lazy("Start the implementation"),
    Contest.Status.CLOSED: gettext_lazy("Close the contest"),
    Contest.Status.POSTPONED: gettext_lazy("Postpone the contest"),
    Contest.Status.CANCELLED: gettext_lazy("Cancel the contest"),
}


@office_only
def home(request):
    page = list_page(request, selectors.contest_list_office(), numbered=True)
    return render(
        request,
        "initiatives/office/contest_list.html",
        {
            "contests": page.object_list,
            "page_obj": page,
            "reports": selectors.reports_open(),
            "can_create": perms.can_create_contest(request.user),
        },
    )


@office_only
def contest_new(request):
    form = ContestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.contest_create(
                actor=request.user,
                directions=form.cleaned_data["directions"],
                files=form.cleaned_data.get("files") or [],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The contest is created as a draft."))
            return redirect("initiatives:office-contest", pk=contest.pk)
    return render(request, "initiatives/office/contest_form.html", {"form": form})


@office_only
def contest_edit(request, pk):
    contest = selectors.contest_get(pk)
    if not perms.can_update_contest(request.user, contest):
        messages.error(request, _("The contest can no longer be changed."))
        return redirect("initiatives:office-contest", pk=pk)
    form = ContestForm(request.POST or None, request.FILES or None, instance=contest)
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_update(
                actor=request.user,
                contest=contest,
                directions=form.cleaned_data["directions"],
                files=form.cleaned_data.get("files") or [],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The contest is saved."))
            return redirect("initiatives:office-contest", pk=pk)
    return render(
        request, "initiatives/office/contest_form.html", {"form": form, "contest": contest}
    )


@office_only
def contest_detail(request, pk):
    contest = selectors.contest_get(pk)
    moves = [
        (to, MOVE_LABELS[to])
        for to in contest.TRANSITIONS.get(contest.status, ())
        if perms.can_move_contest(request.user, contest, to)
    ]
    table = None
    scores_hidden = (
        contest.status == Contest.Status.EVALUATION
        and selectors.member_scoring_pending(request.user, contest)
    )
    if scores_hidden:
        pass  # a staff member on the commission sees no one's scores before giving their own
    elif contest.status == Contest.Status.EVALUATION or contest.status in FROZEN:
        table = selectors.contest_scores_table(contest)
    return render(
        request,
        "initiatives/office/contest_detail.html",
        {
            "contest": contest,
            "moves": moves,
            "applications": selectors.contest_office_applications(contest),
            "member_form": CommissionMemberForm()
            if perms.can_manage_commission(request.user, contest)
            and not contest.commission_order_id
            else None,
            "can_appoint": perms.can_appoint_commission(request.user, contest)
            and not contest.commission_order_id,
            "can_edit": perms.can_update_contest(request.user, contest),
            "extend_form": ExtendWindowForm()
            if perms.can_extend_window(request.user, contest)
            else None,
            "reason_moves": services.WITH_REASON,
            "can_edit_criteria": perms.can_edit_criteria(request.user, contest),
            "can_paper": perms.can_enter_paper_application(request.user, contest),
            "can_replace": perms.can_replace_member(request.user, contest),
            "replace_form": CommissionMemberForm(),
            "table": table,
            "scores_hidden": scores_hidden,
            **_protocol_context(request.user, contest),
            # an expired notice (and its poster) is off the board: named, not linked
            "notices": [n for n in (contest.announcement, contest.winners_notice) if n],
            "documents": [
                d for d in (contest.commission_order, contest.protocol, contest.results_order) if d
            ],
        },
    )


FROZEN = selectors.FROZEN_STATUSES
PROTOCOL_SHOWN = (Contest.Status.EVALUATION, *FROZEN)


def _protocol_context(user, contest: Contest) -> dict:
    """The commission protocol's state for the contest page, and what the head waits for."""
    if contest.status not in PROTOCOL_SHOWN:
        return {}
    early = is_head(user) and contest.status in (
        Contest.Status.EVALUATION,
        Contest.Status.PROTOCOL,
    )
    signing = perms.can_enter_protocol_signature(user, contest)
    return {
        "protocol": selectors.protocol_progress(contest),
        "order_too_early": selectors.protocol_too_early_message(contest) if early else "",
        "signature_form": ProtocolSignatureForm(members=_paper_signers(user, contest))
        if signing
        else None,
    }


def _paper_signers(user, contest: Contest):
    """Current members who have not signed yet, never the clerk's own seat."""
    return (
        contest.members.filter(replaced_at__isnull=True, protocol_signature__isnull=True)
        .exclude(user=user)
        .select_related("user")
    )


@office_only
@require_POST
def contest_move(request, pk):
    contest = get_object_or_404(Contest, pk=pk)
    try:
        services.contest_move(
            actor=request.user,
            contest=contest,
            to=request.POST.get("to", ""),
            reason=request.POST.get("reason", "")[:500],
        )
    except PermissionDenied:
        messages.error(request, _("You cannot do this."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect("initiatives:office-contest", pk=pk)


@office_only
@require_POST
def contest_extend(request, pk):
    contest = get_object_or_404(Contest, pk=pk)
    form = ExtendWindowForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("initiatives:office-contest", pk=pk)
    try:
        services.contest_extend_window(
            actor=request.user, contest=contest, closes=form.cleaned_data["window_closes"]
        )
    except PermissionDenied:
        messages.error(request, _("You cannot do this."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The deadline was extended and a notice published."))
    return redirect("initiatives:office-contest", pk=pk)


@office_only
def criteria(request, pk):
    contest = selectors.contest_get(pk)
    if not perms.can_edit_criteria(request.user, contest):
        messages.error(request, _("Criteria are frozen once applications are accepted."))
        return redirect("initiatives:office-contest", pk=pk)
    initial = [
        {
            "id": c.pk,
            "name": c.name_ky or c.name,
            "name_ru": c.name_ru,
            "weight": c.weight,
            "max_score": c.max_score,
            "order": c.order,
        }
        for c in contest.criteria.all()
    ]
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="cr")
    if request.method == "POST" and formset.is_valid():
        rows = []
        for f in formset.forms:
            if not f.has_changed() and not f.cleaned_data.get("id"):
                continue
            row = dict(f.cleaned_data)
            row["delete"] = row.pop("DELETE", False)
            rows.append(row)
        try:
            services.contest_criteria_update(actor=request.user, contest=contest, rows=rows)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("The criteria are saved."))
            return redirect("initiatives:office-contest", pk=pk)
    return render(
        request, "initiatives/office/criteria_form.html", {"contest": contest, "formset": formset}
    )
