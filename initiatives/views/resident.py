import re
import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.forms.errors import add_service_errors
from municipality.pagination import list_page
from municipality.permissions import is_office
from municipality.ratelimits import submission_ratelimit

from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    ApplicationForm,
    PaperReceiptForm,
    ReportForm,
    activity_formset,
    estimate_formset,
    spending_formset,
)
from ..models import Application, ApplicationAttachment, EstimateLine, ImplementationReport
from .common import add_form_error, draft_login_required, pop_pending

NUMBER_FIELDS = (
    "requested_sum",
    "contribution_cash",
    "contribution_goods",
    "contribution_ashar",
    "contribution_sponsors",
)
CLIENT_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _initial_rows(application):
    if application is None:
        return [], []
    activities = [
        {"description": a.description, "starts_on": a.starts_on, "ends_on": a.ends_on}
        for a in application.activities.all()
    ]
    lines = [
        {
            "item": e.item,
            "unit": e.unit,
            "quantity": e.quantity,
            "unit_price": e.unit_price,
            "total": e.total,
        }
        for e in application.estimate_lines.all()
    ]
    return activities, lines


def _submission_problems(form, estimate, contest) -> list[str]:
    """What would still stop the submission, checked on the typed form (not saved yet), so
    a "Submit" with mistakes lists them together with the fields' own errors."""
    application = form.instance
    application.contest = contest
    for name in NUMBER_FIELDS:
        if getattr(application, name, None) is None:
            setattr(application, name, Decimal(0))
    lines = [
        EstimateLine(
            item=row.cleaned_data["item"],
            quantity=row.cleaned_data.get("quantity") or Decimal(0),
            unit_price=row.cleaned_data.get("unit_price") or Decimal(0),
            total=row.cleaned_data.get("total") or Decimal(0),
        )
        for row in estimate.forms
        if not row.errors and row.cleaned_data.get("item")
    ]
    rows_ok = not any(row.errors for row in estimate.forms)
    return selectors.application_problems(application, lines=lines, check_totals=rows_ok)


def _form_input(request):
    """The posted form, or on a GET what was typed before a new log-in (restored once)."""
    if request.method == "POST":
        return request.POST, request.FILES
    restored = pop_pending(request)
    if restored is not None:
        messages.info(
            request,
            _(
                "What you typed before logging in again is restored. "
                "Check it and press “Save draft”."
            ),
        )
    return restored, None


def _client_token(data) -> str:
    token = (data.get("client_token") if data else None) or ""
    if not CLIENT_TOKEN.fullmatch(token):  # hostile tokens (NUL bytes, 10 000 characters)
        token = uuid.uuid4().hex
    return token


def _paper_form(request, application):
    return PaperReceiptForm(
        request.POST if request.method == "POST" else None,
        initial={
            "received_on": getattr(application, "received_on", None) or timezone.localdate(),
            "incoming_number": getattr(application, "incoming_number", ""),
            "late_reason": getattr(application, "late_reason", ""),
        },
    )


def _all_valid(request, forms, contest) -> bool:
    """Every section is checked in the same round, so every mistake shows at once."""
    sections = [forms["form"], forms["activities"], forms["estimate"], forms["paper_form"]]
    valid = all([section.is_valid() for section in sections if section is not None])
    if not valid and request.POST.get("action") == "submit":
        for problem in _submission_problems(forms["form"], forms["estimate"], contest):
            forms["form"].add_error(None, problem)
    return valid


def _draft_fields(forms) -> dict:
    form, paper_form = forms["form"], forms["paper_form"]
    return {
        "paper": paper_form.cleaned_data if paper_form is not None else None,
        "fields": form.service_fields(),
        "local_issues": form.cleaned_data["local_issues"],
        "activities": [
            f.cleaned_data for f in forms["activities"].forms if f.cleaned_data.get("description")
        ],
        "estimate_lines": [
            f.cleaned_data for f in forms["estimate"].forms if f.cleaned_data.get("item")
        ],
        "files": form.cleaned_data.get("attachments") or [],
    }


def _service_errors(forms, error: ValidationError) -> None:
    paper_form = forms["paper_form"]
    if paper_form is None or not hasattr(error, "error_dict"):
        add_form_error(forms["form"], error)
        return
    for name, errors in error.message_dict.items():
        for message in errors:
            paper_form.add_error(name if name in paper_form.fields else None, message)


def _saved_response(request, saved):
    """Say what happened and go to the application (submitted) or back to the draft."""
    application, outcome = saved.application, saved.outcome
    if outcome == "known":
        messages.info(
            request,
            _("This paper is already registered as application %(number)s.")
            % {"number": application.registration_number},
        )
    elif outcome == "submitted":
        messages.success(request, _("The application is submitted."))
    elif outcome == "saved":
        messages.success(
            request,
            _("The draft is saved (%(time)s).") % {"time": timezone.localtime().strftime("%H:%M")},
        )
    elif outcome in ("warned", "invalid"):
        messages.success(request, _("The draft is saved."))
    for message in saved.errors:
        messages.error(request, message)
    if saved.warning:
        messages.warning(request, saved.warning)
    if outcome in ("known", "submitted", "done"):
        return redirect("initiatives:application", pk=application.pk)
    return redirect("initiatives:application-edit", pk=application.pk)


def _post(request, *, forms, contest, application, applicant, person, token):
    """Save (and submit) through one service; None to show the form again with its errors."""
    if person is None and application is None:
        owner = applicant or request.user
        existing = Application.objects.filter(applicant=owner, client_token=token).first()
        if existing is not None and existing.status != Application.Status.DRAFT:
            return redirect("initiatives:application", pk=existing.pk)
        application = existing
    if not _all_valid(request, forms, contest):
        return None
    try:
        saved = services.application_save_and_submit(
            actor=request.user,
            submit=request.POST.get("action") == "submit",
            confirm_contribution=bool(request.POST.get("confirm_contribution")),
            contest=contest,
            application=application,
            applicant=applicant,
            person=person,
            client_token=token if application is None else "",
            **_draft_fields(forms),
        )
    except ValidationError as error:
        _service_errors(forms, error)
        return None
    return _saved_response(request, saved)


def application_form_view(
    request, *, contest, application=None, applicant=None, person=None, cancel_url=""
):
    """The one-page application form: save a draft (any time) or submit it.

    With `person` (a paper application for someone in the register of people) the form also
    asks for the paper's received date, incoming number and a reason when it came late.
    """
    data, files = _form_input(request)
    initial_acts, initial_lines = _initial_rows(application)
    forms = {
        "form": ApplicationForm(data, files, instance=application, contest=contest),
        "activities": activity_formset(data=data, initial=initial_acts),
        "estimate": estimate_formset(data=data, initial=initial_lines),
        "paper_form": _paper_form(request, application) if person is not None else None,
    }
    token = _client_token(data)
    if request.method == "POST":
        response = _post(
            request,
            forms=forms,
            contest=contest,
            application=application,
            applicant=applicant,
            person=person,
            token=token,
        )
        if response is not None:
            return response
    return render(
        request,
        "initiatives/application_form.html",
        {
            **forms,
            "contest": contest,
            "application": application,
            "client_token": token,
            "applicant": person or applicant or request.user,
            "cancel_url": cancel_url,
            "contribution_warning": _contribution_warning(application),
        },
    )


def _contribution_warning(application) -> str:
    if application is None or not application.pk or application.is_paper:
        return ""
    return selectors.contribution_problem(application)


@submission_ratelimit("initiatives-application")
@draft_login_required
def apply(request, pk):
    contest = selectors.contest_get(pk)
    if not perms.can_apply_to_contest(request.user, contest):
        messages.error(request, _("This contest is not accepting applications."))
        return redirect(contest)
    return application_form_view(request, contest=contest)


@submission_ratelimit("initiatives-application")
@draft_login_required
def application_edit(request, pk):
    application = selectors.application_get(pk)
    if application.applicant_id != request.user.pk and not is_office(request.user):
        raise Http404
    if application.status != Application.Status.DRAFT:
        return redirect("initiatives:application", pk=application.pk)  # e.g. a double submit
    if not perms.can_edit_application(request.user, application):
        messages.error(request, _("This application can no longer be changed."))
        return redirect("initiatives:application", pk=application.pk)
    return application_form_view(
        request,
        contest=application.contest,
        application=application,
        applicant=application.applicant if application.is_paper else None,
        person=application.applicant_person,
    )


@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    attachment = get_object_or_404(
        ApplicationAttachment.objects.select_related("application__contest"),
        pk=attachment_pk,
        application_id=pk,
    )
    if not perms.can_edit_application(request.user, attachment.application):
        raise Http404
    services.application_attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("The file is removed."))
    return redirect("initiatives:application-edit", pk=pk)


@login_required
def application_detail(request, pk):
    """The applicant's receipt and status page; also the office's and commission's read view."""
    application = selectors.application_get(pk)
    if not perms.can_view_application(request.user, application):
        raise Http404
    is_owner = application.applicant_id == request.user.pk
    return render(
        request,
        "initiatives/application_detail.html",
        {
            "application": application,
            "contest": application.contest,
            "is_owner": is_owner,
            "show_contact": is_owner or is_office(request.user),
            "can_print_receipt": application.is_paper and is_office(request.user),
            "can_edit": perms.can_edit_application(request.user, application),
            "can_withdraw": perms.can_withdraw_application(request.user, application),
            "can_report": perms.can_report_application(request.user, application),
            "estimate_total": selectors.estimate_total(application),
        },
    )


@login_required
@require_POST
def application_withdraw(request, pk):
    application = selectors.application_get(pk)
    if application.applicant_id != request.user.pk:
        raise Http404
    try:
        services.application_withdraw(actor=request.user, application=application)
    except (PermissionDenied, ValidationError):
        messages.error(request, _("The application can no longer be taken back."))
        return redirect("initiatives:application", pk=pk)
    messages.success(
        request,
        _("The application is a draft again. Correct it and submit it before %(date)s.")
        % {"date": f"{application.contest.window_closes:%d.%m.%Y}"},
    )
    return redirect("initiatives:application-edit", pk=pk)


@login_required
def my_applications(request):
    page = list_page(request, selectors.application_list_for_user(request.user), numbered=True)
    return render(
        request,
        "initiatives/my_applications.html",
        {"applications": page.object_list, "page_obj": page},
    )


@draft_login_required
def report_edit(request, pk, report_pk):
    report = get_object_or_404(
        ImplementationReport.objects.select_related("application__contest"),
        pk=report_pk,
        application_id=pk,
    )
    application = report.application
    if application.applicant_id != request.user.pk:
        raise Http404
    if report.submitted_at or not perms.can_report_application(request.user, application):
        return redirect("initiatives:application", pk=pk)
    initial = [
        {"item": line.item, "planned": line.total, "spent": line.total}
        for line in application.estimate_lines.all()
    ]
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, request.FILES if data else None, attendance=report.attendance)
    spending = spending_formset(data=data, initial=initial)
    if data is not None and all([form.is_valid(), spending.is_valid()]):  # both: all mistakes
        try:
            services.report_submit(
                actor=request.user,
                report=report,
                text=form.cleaned_data["text"],
                spending=[f.cleaned_data for f in spending.forms],
                photos=form.cleaned_data.get("photos") or [],
                attendance=form.attendance_values(),
                villages=form.attendance_villages(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error(None, error.messages[0])
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The report is submitted."))
            return redirect("initiatives:application", pk=pk)
    return render(
        request,
        "initiatives/report_form.html",
        {"report": report, "application": application, "form": form, "spending": spending},
    )
