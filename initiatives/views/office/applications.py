"""The office's application pages: paper intake, receipts, score sheets, checks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from municipality.models import Municipality
from municipality.permissions import is_head
from municipality.selectors.people import people_search
from municipality.views.receipts import receipt_response

from ... import permissions as perms
from ... import selectors, services
from ...forms import (
    EligibilityForm,
    PaperSheetForm,
)
from ...models import CommissionMember, ConflictDeclaration
from ..common import add_form_error
from ..resident import application_form_view
from .roles import office_only


@office_only
def paper(request, pk):
    """Enter a paper application for a person in the register (marked as paper)."""
    contest = selectors.contest_get(pk)
    if not perms.can_enter_paper_application(request.user, contest):
        messages.error(request, _("This contest is not accepting applications."))
        return redirect("initiatives:office-contest", pk=pk)
    people = services.paper_applicants(contest=contest)
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
    name = f"receipt-{application.registration_number}.pdf"
    return receipt_response(kind="initiatives.application", obj=application, filename=name)


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
    from municipality.pdf import render_pdf  # WeasyPrint loads only where a PDF is drawn

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


def _clear_conflict(request, application) -> None:
    declaration = get_object_or_404(
        ConflictDeclaration.objects.select_related("member__user", "application__contest"),
        pk=request.POST.get("declaration"),
        application=application,
    )
    services.declaration_clear(
        actor=request.user, declaration=declaration, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("The conflict of interest is cleared."))


def _agreement(request, application) -> None:
    services.agreement_issue(actor=request.user, application=application)
    messages.success(request, _("The agreement and the terms of reference are issued."))


APPLICATION_ACTIONS = {"clear_conflict": _clear_conflict, "agreement": _agreement}


def _application_action(request, application, action):
    try:
        action(request, application)
    except PermissionDenied:
        messages.error(request, _("You cannot do this."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("initiatives:office-application", pk=application.pk)


def _record_eligibility(request, application, form):
    """The eligibility outcome through its service; None keeps the form with its errors."""
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
    return None


@office_only
def application_check(request, pk):
    """The office's page of an application: eligibility, conflicts, agreement, paper sheets."""
    application = selectors.application_get(pk)
    action = APPLICATION_ACTIONS.get(request.POST.get("action")) if request.POST else None
    if request.method == "POST" and action is not None:
        return _application_action(request, application, action)
    form = EligibilityForm(
        request.POST or None,
        initial={
            "eligible": {"eligible": "yes", "ineligible": "no"}.get(application.status),
            "reason": application.reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        response = _record_eligibility(request, application, form)
        if response is not None:
            return response
    return render(
        request,
        "initiatives/office/application_check.html",
        {
            "application": application,
            "contest": application.contest,
            "checks": selectors.application_eligibility_checks(application),
            "form": form,
            "can_check": perms.can_check_application(request.user, application),
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
