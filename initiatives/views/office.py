from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from municipality.models import Municipality
from municipality.pdf import render_pdf
from municipality.permissions import is_head, role_required
from municipality.selectors.people import people_search

from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    CommissionMemberForm,
    ContestForm,
    CriterionFormSet,
    EligibilityForm,
    ExtendWindowForm,
    PaperSheetForm,
    ProtocolSignatureForm,
)
from ..models import CommissionMember, ConflictDeclaration, Contest
from .common import add_form_error
from .resident import application_form_view

office_only = role_required("staff", "head")

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
    return render(
        request,
        "initiatives/office/contest_list.html",
        {
            "contests": selectors.contest_list_office(),
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


@office_only
@require_POST
def commission(request, pk):
    contest = get_object_or_404(Contest, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "add":
            form = CommissionMemberForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return redirect("initiatives:office-contest", pk=pk)
            services.commission_member_add(
                actor=request.user, contest=contest, **form.cleaned_data
            )
        elif action == "remove":
            member = get_object_or_404(
                CommissionMember, pk=request.POST.get("member"), contest=contest
            )
            services.commission_member_remove(actor=request.user, member=member)
        elif action == "appoint":
            services.commission_appoint(actor=request.user, contest=contest)
        elif action == "protocol_signature":
            _protocol_signature(request, contest)
        elif action == "replace":
            member = get_object_or_404(
                CommissionMember, pk=request.POST.get("member"), contest=contest
            )
            form = CommissionMemberForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return redirect("initiatives:office-contest", pk=pk)
            services.commission_member_replace(
                actor=request.user,
                member=member,
                user=form.cleaned_data["user"],
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


def _protocol_signature(request, contest: Contest) -> None:
    """Record a member's signature from the signed paper protocol (raises on refusal)."""
    form = ProtocolSignatureForm(
        request.POST, request.FILES, members=_paper_signers(request.user, contest)
    )
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    services.protocol_signature_enter(actor=request.user, **form.cleaned_data)


@office_only
def paper(request, pk):
    """Enter a paper application for a person in the register (marked as paper)."""
    contest = selectors.contest_get(pk)
    if not perms.can_enter_paper_application(request.user, contest):
        messages.error(request, _("This contest is not accepting applications."))
        return redirect("initiatives:office-contest", pk=pk)
    people = services.paper_applicants(contest)
    person_pk = request.GET.get("person", "")
    if not person_pk.isdigit() or len(person_pk) > 12:
        query = request.GET.get("q", "")
        found = people_search(query=query).filter(pk__in=people.values("pk"))
        return render(
            request,
            "initiatives/office/paper_applicant.html",
            {"contest": contest, "people": found[:PAPER_PEOPLE_SHOWN], "query": query[:100]},
        )
    person = get_object_or_404(people, pk=int(person_pk))
    return application_form_view(
        request, contest=contest, person=person, cancel_url=f"?person={person.pk}"
    )


PAPER_PEOPLE_SHOWN = 30


@office_only
def paper_receipt(request, pk):
    """The A5 receipt (тил кат) handed back for a registered paper application."""
    application = selectors.application_get(pk)
    if not application.is_paper or not application.registration_number:
        raise Http404
    pdf = render_pdf(
        template_name="initiatives/pdf/paper_receipt.html",
        context={
            "application": application,
            "contest": application.contest,
            "municipality": Municipality.current(),
            "follow_url": settings.SITE_URL.rstrip("/") + application.contest.get_absolute_url(),
        },
        language=translation.get_language() or "ky",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"receipt-{application.registration_number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@office_only
def paper_sheet(request, pk):
    """Enter a member's signed paper score sheet (with its scan) for this application."""
    application = selectors.application_get(pk)
    if not perms.can_enter_paper_sheet(request.user, application):
        messages.error(request, _("Paper score sheets are entered during the evaluation only."))
        return redirect("initiatives:office-application", pk=pk)
    contest = application.contest
    members = contest.members.filter(replaced_at__isnull=True).select_related("user")
    members = members.exclude(user=request.user)
    criteria = list(contest.criteria.all())
    data = request.POST if request.method == "POST" else None
    form = PaperSheetForm(data, request.FILES or None, criteria=criteria, members=members)
    if data is not None and form.is_valid():
        try:
            services.paper_sheet_enter(
                actor=request.user,
                member=form.cleaned_data["member"],
                application=application,
                values=form.values(),
                has_conflict=form.cleaned_data["has_conflict"],
                scan=form.cleaned_data["scan"],
            )
        except PermissionDenied:
            form.add_error(None, _("You cannot do this."))
        except ValidationError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The paper score sheet is entered."))
            return redirect("initiatives:office-application", pk=pk)
    sheets = application.paper_sheets.select_related("member__user")
    return render(
        request,
        "initiatives/office/paper_sheet.html",
        {
            "application": application,
            "contest": contest,
            "form": form,
            "members": members,
            "sheets": sheets,
        },
        status=400 if form.errors else 200,
    )


@office_only
def blank_score_sheet(request, pk, member_pk):
    """A printable blank score sheet for one member and one application."""
    application = selectors.application_get(pk)
    member = get_object_or_404(
        CommissionMember.objects.select_related("user"),
        pk=member_pk,
        contest_id=application.contest_id,
    )
    pdf = render_pdf(
        template_name="initiatives/pdf/score_sheet.html",
        context={
            "application": application,
            "contest": application.contest,
            "member": member,
            "criteria": list(application.contest.criteria.all()),
            "municipality": Municipality.current(),
        },
        language=translation.get_language() or "ky",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="score-sheet-{application.pk}-{member.pk}.pdf"'
    )
    return response


@office_only
def application_check(request, pk):
    application = selectors.application_get(pk)
    form = EligibilityForm(
        request.POST or None,
        initial={
            "eligible": {"eligible": "yes", "ineligible": "no"}.get(application.status),
            "reason": application.reason,
        },
    )
    can_check = perms.can_check_application(request.user, application)
    if request.method == "POST" and request.POST.get("action") == "clear_conflict":
        declaration = get_object_or_404(
            ConflictDeclaration.objects.select_related("member__user", "application__contest"),
            pk=request.POST.get("declaration"),
            application=application,
        )
        try:
            services.declaration_clear(
                actor=request.user, declaration=declaration, reason=request.POST.get("reason", "")
            )
        except PermissionDenied:
            messages.error(request, _("You cannot do this."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The conflict of interest is cleared."))
        return redirect("initiatives:office-application", pk=pk)
    if request.method == "POST" and request.POST.get("action") == "agreement":
        try:
            services.agreement_issue(actor=request.user, application=application)
        except PermissionDenied:
            messages.error(request, _("You cannot do this."))
        else:
            messages.success(request, _("The agreement and the terms of reference are issued."))
        return redirect("initiatives:office-application", pk=pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_check(
                actor=request.user,
                application=application,
                eligible=form.cleaned_data["eligible"],
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied:
            form.add_error(None, _("The eligibility can no longer be changed."))
        except ValidationError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("initiatives:office-contest", pk=application.contest_id)
    return render(
        request,
        "initiatives/office/application_check.html",
        {
            "application": application,
            "contest": application.contest,
            "checks": selectors.application_eligibility_checks(application),
            "form": form,
            "can_check": can_check,
            "can_agree": perms.can_issue_agreement(request.user, application),
            "can_paper_sheet": perms.can_enter_paper_sheet(request.user, application),
            "is_head": is_head(request.user),
            "estimate_total": selectors.estimate_total(application),
            "declarations": [
                (d, perms.can_clear_conflict(request.user, d))
                for d in selectors.application_declarations(application)
                if d.has_conflict
            ],
        },
    )
