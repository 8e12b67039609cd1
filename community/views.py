"""Views parse input, check permission, call one service and respond."""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.permissions import is_office, role_required

from . import selectors, services
from .forms import (
    AssessmentForm,
    GatheringForm,
    HoldForm,
    InitiativeGroupForm,
    LinkForm,
    PriorityForm,
    ProblemFormSet,
    ReasonForm,
    ReportForm,
)
from .models import AnnualReport, Assessment, Gathering, Priority, PriorityLink, Survey
from .view_helpers import fields, form_service, list_page, meeting_counts, post_service

# Public pages


def index(request):
    """The priority register with where each one stands, gatherings, meetings, surveys (a
    page of each), reports (one a year: whole)."""
    priorities = list_page(request, selectors.priorities_register(), numbered=True)
    context = {
        "priorities": priorities,
        "threads": selectors.priority_threads(priorities["rows"]),
        "gatherings": list_page(request, selectors.gatherings_public(), param="gatherings"),
        "assessments": list_page(request, selectors.assessments_public(), param="meetings"),
        "reports": list(AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED)),
        "surveys": list_page(request, selectors.surveys_public(), param="surveys"),
        "is_office": is_office(request.user),
    }
    return render(request, "community/index.html", context)


def gathering_detail(request, pk):
    try:
        gathering = selectors.gathering_detail(pk)
    except Gathering.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "community/gathering_detail.html",
        {"gathering": gathering, "is_office": is_office(request.user)},
    )


def assessment_detail(request, pk):
    assessment = get_object_or_404(selectors.assessments_public(), pk=pk)
    return render(request, "community/assessment_detail.html", {"assessment": assessment})


def priority_detail(request, pk):
    """The thread of a priority: the eight steps, the date of each, where it is stuck."""
    priority = get_object_or_404(selectors.priorities_register(), pk=pk)
    context = {
        "thread": selectors.priority_thread(priority),
        "priority": priority,
        "groups": selectors.initiative_groups_of(priority),
        "is_office": is_office(request.user),
    }
    return render(request, "community/priority_detail.html", context)


def report_detail(request, year):
    report = AnnualReport.objects.filter(year=year).first()
    if report is None or (
        report.status != report.Status.PUBLISHED and not is_office(request.user)
    ):
        raise Http404
    context = {
        "report": report,
        "figures": selectors.report_figures(year=year),
        "is_office": is_office(request.user),
    }
    return render(request, "community/report_detail.html", context)


# The office


@role_required()
def office(request):
    year = timezone.localdate().year
    context = {
        "gatherings": list(
            selectors.gatherings_public().filter(status=Gathering.Status.ANNOUNCED)
        ),
        "problems": list(selectors.problems_unassigned()),
        "priorities": list_page(request, selectors.priorities_register(), numbered=True),
        "years": [year - 1, year],
        "surveys": list_page(
            request, Survey.objects.order_by("-opens_on", "-pk"), param="surveys"
        ),
    }
    return render(request, "community/office.html", context)


def _form_page(request, template, context):
    return render(request, f"community/{template}", context)


@role_required()
def gathering_create(request):
    form = GatheringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # a plan-discussion gathering belongs to its plan (refused without one)
        data["subject"] = data.pop("plan")
        call = partial(services.gathering_announce, actor=request.user, **data)
        gathering = form_service(form, call)
        if gathering is not None:
            messages.success(request, _("The gathering is announced on the notice board."))
            return redirect(gathering)
    return _form_page(
        request, "form.html", {"form": form, "title": _("Announce a gathering or kurultai")}
    )


@role_required()
def gathering_hold(request, pk):
    gathering = get_object_or_404(Gathering, pk=pk)
    if gathering.status != Gathering.Status.ANNOUNCED:
        messages.info(request, _("The minutes of this gathering are already recorded."))
        return redirect(gathering)
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        names = ("held_on", "minutes", "decisions", "chair_name", "secretary_name")
        call = partial(
            services.gathering_hold,
            gathering=gathering,
            actor=request.user,
            **fields(form, *names),
            **meeting_counts(form),
        )
        if form_service(form, call) is not None:
            messages.success(request, _("The minutes are recorded; the protocol PDF is issued."))
            return redirect(gathering)
    return _form_page(
        request,
        "form.html",
        {"form": form, "title": _("Minutes of the gathering"), "subject": gathering},
    )


@role_required()
def assessment_create(request):
    form = AssessmentForm(request.POST or None)
    problems = ProblemFormSet(request.POST or None, prefix="problems")
    if request.method == "POST" and form.is_valid() and problems.is_valid():
        names = ("village", "held_on", "method", "place", "situation")
        call = partial(
            services.assessment_record,
            actor=request.user,
            problems=[row for row in problems.cleaned_data if row and row.get("title")],
            **fields(form, *names, "deputies_present", "staff_present"),
            **meeting_counts(form),
        )
        assessment = form_service(form, call)
        if assessment is not None:
            messages.success(request, _("The needs assessment meeting is recorded."))
            return redirect(assessment)
    return _form_page(
        request,
        "assessment_form.html",
        {"form": form, "problems": problems, "methods": Assessment.Method},
    )


@role_required()
def priority_create(request):
    form = PriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = partial(
            services.priority_create,
            actor=request.user,
            **fields(form, "title", "title_ru", "description", "local_issue", "rank"),
            problems=list(form.cleaned_data["problems"]),
            villages=list(form.cleaned_data["villages"]),
        )
        priority = form_service(form, call)
        if priority is not None:
            messages.success(request, _("The priority is in the register."))
            return redirect("community:priority-manage", pk=priority.pk)
    return _form_page(
        request, "form.html", {"form": form, "title": _("Add a priority to the register")}
    )


def _manage_page(request, priority, **forms):
    context = {
        "priority": priority,
        "thread": selectors.priority_thread(priority),
        "links": list(priority.links.all()),
        "link_form": LinkForm(),
        "close_form": ReasonForm(),
        "group_form": InitiativeGroupForm(),
        **forms,
    }
    return render(request, "community/priority_manage.html", context)


@role_required()
def priority_manage(request, pk):
    return _manage_page(request, get_object_or_404(selectors.priorities_register(), pk=pk))


@role_required()
@require_POST
def priority_link(request, pk):
    priority = get_object_or_404(Priority, pk=pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        call = partial(
            services.priority_link, priority=priority, actor=request.user, **form.cleaned_data
        )
        if form_service(form, call) is not None:
            messages.success(request, _("Linked."))
            return redirect("community:priority-manage", pk=pk)
    return _manage_page(request, priority, link_form=form)


@role_required()
@require_POST
def link_delete(request, pk):
    link = get_object_or_404(PriorityLink, pk=pk)
    services.priority_unlink(link=link, actor=request.user)
    messages.success(request, _("The link is removed."))
    return redirect("community:priority-manage", pk=link.priority_id)


@role_required()
@require_POST
def priority_close(request, pk):
    priority = get_object_or_404(Priority, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        call = partial(
            services.priority_close,
            priority=priority,
            actor=request.user,
            **fields(form, "reason"),
        )
        if form_service(form, call) is not None:
            messages.success(request, _("The priority is closed."))
            return redirect(priority)
    return _manage_page(request, priority, close_form=form)


@role_required()
@require_POST
def group_create(request, pk):
    priority = get_object_or_404(Priority, pk=pk)
    form = InitiativeGroupForm(request.POST)
    if form.is_valid():
        call = partial(
            services.initiative_group_create,
            priority=priority,
            actor=request.user,
            **fields(form, "name", "formed_on"),
            members=form.members(),
        )
        if form_service(form, call) is not None:
            messages.success(request, _("The initiative group is formed."))
            return redirect(priority)
    return _manage_page(request, priority, group_form=form)


@role_required()
def report_edit(request, year):
    if not 2000 <= year <= 2100:
        raise Http404
    report = AnnualReport.objects.filter(year=year).first()
    if report and report.status == AnnualReport.Status.PUBLISHED:
        return redirect(report)
    initial = {}
    if report:
        initial = {
            "introduction": report.introduction_ky,
            "introduction_ru": report.introduction_ru,
            "conclusions": report.conclusions_ky,
            "conclusions_ru": report.conclusions_ru,
            "gathering": report.gathering,
        }
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = partial(services.report_save, actor=request.user, year=year, **form.cleaned_data)
        saved = form_service(form, call)
        if saved is not None:
            messages.success(request, _("The draft report is saved."))
            return redirect(saved)
    context = {
        "form": form,
        "year": year,
        "report": report,
        "figures": selectors.report_figures(year=year),
    }
    return render(request, "community/report_form.html", context)


@role_required()
@require_POST
def report_publish(request, year):
    report = get_object_or_404(AnnualReport, year=year)
    return post_service(
        request,
        partial(services.report_publish, report=report, actor=request.user),
        success=_("The report is published; the PDFs are being prepared."),
        to=report,
    )
