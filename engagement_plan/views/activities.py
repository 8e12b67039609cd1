"""Office pages of the plan's activities (4.8)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.drafts import form_action
from municipality.forms.errors import add_service_errors
from municipality.permissions import role_required

from .. import permissions as perms
from .. import services
from ..forms import (
    ActivityForm,
    EvidenceForm,
    ReasonForm,
)
from ..models import Activity
from .helpers import _done, _office_url, _plan_action, _plan_office_url
from .plans import _plan_office_page


@role_required()
@form_action(page=_plan_office_url)
def activity_add(request, pk: int):
    plan = _plan_action(request, pk, perms.can_edit_plan)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.activity_add(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, plan, _("The activity has been added."), "#activities")
    return _plan_office_page(request, plan, status=400, activity_form=form)


@role_required()
def activity_edit(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    if not perms.can_edit_plan(request.user, activity.plan):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                activity=Activity.objects.get(pk=activity.pk),
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, activity.plan, _("The activity has been saved."), "#activities")
    return render(
        request,
        "engagement_plan/activity_form.html",
        {"form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@role_required()
def activity_evidence(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    if not perms.can_record_activity(request.user, activity.plan):
        raise PermissionDenied
    form = EvidenceForm(
        request.POST or None, request.FILES or None, attendance=activity.attendance
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_record_evidence(
                activity=activity,
                actor=request.user,
                held_on=data["held_on"],
                place=data["place"],
                result=data["result"],
                photos=data.get("photos") or [],
                by_village=form.attendance_villages(),
                **form.attendance_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("The evidence has been recorded.")
            return _done(request, activity.plan, message, "#activities")
    return render(
        request,
        "engagement_plan/activity_evidence.html",
        {"form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@role_required()
def activity_cancel(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    if not perms.can_record_activity(request.user, activity.plan):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_cancel(
                activity=activity, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("The activity has been cancelled.")
            return _done(request, activity.plan, message, "#activities")
    return render(
        request,
        "engagement_plan/activity_cancel.html",
        {"form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@role_required()
@require_POST
def activity_start(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    if not perms.can_record_activity(request.user, activity.plan):
        raise PermissionDenied
    try:
        services.activity_start(activity=activity, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_office_url(activity.plan))
    return _done(request, activity.plan, _("The activity is in progress."), "#activities")
