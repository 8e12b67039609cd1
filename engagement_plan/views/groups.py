"""Office pages of the working group (4.1–4.4)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.drafts import form_action
from municipality.forms.errors import add_service_errors
from municipality.permissions import role_required

from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    ApproveGroupForm,
    MemberForm,
    WorkingGroupForm,
)
from ..models import WorkingGroup, WorkingGroupMember, sort_members
from ..rules import CATEGORY_MAX_PERCENT, CATEGORY_MIN_PERCENT, composition_failures
from .helpers import _group_url


@role_required()
def group_create(request):
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.working_group_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The working group has been created. Add its members."))
            return redirect("engagement_plan:group-detail", pk=group.pk)
    return render(request, "engagement_plan/group_form.html", {"form": form})


def _group_page(
    request, group, *, member_form=None, approve_form=None, group_form=None, status=200
):
    group = selectors.working_group_list().get(pk=group.pk)
    members = sort_members(group.members.all())
    failures = composition_failures(members)
    return render(
        request,
        "engagement_plan/group_detail.html",
        {
            "group": group,
            "members": members,
            "failures": failures,
            "binding_failures": [f for f in failures if not f.recommendation],
            "category_min": CATEGORY_MIN_PERCENT,
            "category_max": CATEGORY_MAX_PERCENT,
            "can_edit": perms.can_edit_working_group(request.user, group),
            "can_approve": perms.can_approve_working_group(request.user, group),
            "member_form": member_form or MemberForm(),
            "approve_form": approve_form or ApproveGroupForm(),
            "group_form": group_form or WorkingGroupForm(instance=group),
        },
        status=status,
    )


@role_required()
def group_detail(request, pk: int):
    group = get_object_or_404(WorkingGroup, pk=pk)
    return _group_page(request, group)


@role_required()
@form_action(page=_group_url)
def member_add(request, pk: int):
    group = get_object_or_404(WorkingGroup, pk=pk)
    if not perms.can_edit_working_group(request.user, group):
        raise PermissionDenied
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.working_group_member_add(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member has been added."))
            return redirect("engagement_plan:group-detail", pk=group.pk)
    return _group_page(request, group, member_form=form, status=400)


@role_required()
@require_POST
def member_remove(request, pk: int):
    member = get_object_or_404(WorkingGroupMember.objects.select_related("group"), pk=pk)
    if not perms.can_edit_working_group(request.user, member.group):
        raise PermissionDenied
    services.working_group_member_remove(member=member, actor=request.user)
    messages.success(request, _("The member has been removed."))
    return redirect("engagement_plan:group-detail", pk=member.group_id)


@role_required()
@form_action(page=_group_url)
def group_approve(request, pk: int):
    group = get_object_or_404(WorkingGroup, pk=pk)
    if not perms.can_approve_working_group(request.user, group):
        raise PermissionDenied
    form = ApproveGroupForm(request.POST)
    if form.is_valid():
        try:
            services.working_group_approve(
                group=group, actor=request.user, justification=form.cleaned_data["justification"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The composition has been approved by order."))
            return redirect("engagement_plan:group-detail", pk=group.pk)
    return _group_page(request, group, approve_form=form, status=400)
