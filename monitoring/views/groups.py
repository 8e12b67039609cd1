"""Setting a group up (kenesh secretary) and the chair's questions and reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from municipality.forms.errors import add_service_errors

from .. import permissions as perms
from .. import services
from ..forms import (
    GroupForm,
    MemberForm,
    QuestionForm,
    ReportForm,
    SubjectForm,
)
from ..models import (
    ChecklistQuestion,
    GroupMember,
    MonitoringGroup,
)


def _int(value) -> int:
    """A posted id, or -1 (matches nothing) when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@login_required
def questions(request, pk):
    group = get_object_or_404(MonitoringGroup, pk=pk)
    if not perms.can_edit_questions(request.user, group):
        raise PermissionDenied
    form = QuestionForm()
    if request.method == "POST":
        question = None
        if request.POST.get("question"):
            question = get_object_or_404(
                ChecklistQuestion, pk=_int(request.POST["question"]), group=group
            )
        form = QuestionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.question_save(
                actor=request.user,
                group=group,
                question=question,
                subject_kind=data["subject_kind"],
                text=data["text"],
                text_ru=data["text_ru"],
                is_active=data["is_active"],
            )
            messages.success(request, _("The checklist is saved."))
            return redirect("monitoring:questions", pk=group.pk)
    rows = list(group.questions.all())
    return render(
        request, "monitoring/questions.html", {"group": group, "form": form, "rows": rows}
    )


@login_required
@require_POST
def report_issue(request, pk):
    group = get_object_or_404(MonitoringGroup, pk=pk)
    if not perms.can_issue_report(request.user, group):
        raise PermissionDenied
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_issue(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The report is issued."))
    else:
        messages.error(request, _("Check the report's period."))
    return redirect("monitoring:member-group", pk=group.pk)


# Kenesh secretary pages


@login_required
def group_create(request):
    if not perms.can_create_group(request.user):
        raise PermissionDenied
    form = GroupForm()
    if request.method == "POST":
        form = GroupForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                group = services.group_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The group is recorded. Now add its members."))
                return redirect("monitoring:group-manage", pk=group.pk)
    return render(request, "monitoring/group_form.html", {"form": form})


@login_required
def group_edit(request, pk):
    group = get_object_or_404(MonitoringGroup, pk=pk)
    if not perms.can_manage_group(request.user, group):
        raise PermissionDenied
    initial = services.group_initial(group=group)
    form = GroupForm(initial=initial, editing=True)
    if request.method == "POST":
        form = GroupForm(request.POST, request.FILES, initial=initial, editing=True)
        if form.is_valid():
            try:
                services.group_update(actor=request.user, group=group, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The group is saved."))
                return redirect("monitoring:group-manage", pk=group.pk)
    return render(request, "monitoring/group_form.html", {"form": form, "group": group})


@login_required
def group_manage(request, pk):
    """Members and subjects of a group: add a member or a subject, remove a member."""
    group = get_object_or_404(MonitoringGroup, pk=pk)
    if not perms.can_manage_group(request.user, group):
        raise PermissionDenied
    forms = {
        "member_form": MemberForm(prefix="member"),
        "subject_form": SubjectForm(prefix="subject"),
    }
    if request.method == "POST" and "remove_member" in request.POST:
        member = get_object_or_404(
            GroupMember, pk=_int(request.POST["remove_member"]), group=group
        )
        services.member_remove(actor=request.user, member=member)
        messages.success(request, _("The member is removed."))
        return redirect("monitoring:group-manage", pk=group.pk)
    for action, name, form_class, service, done in _GROUP_ADDS:
        if request.method == "POST" and action in request.POST:
            forms[name] = form_class(request.POST, prefix=name.removesuffix("_form"))
            if _group_add(request, group, forms[name], service):
                messages.success(request, done)
                return redirect("monitoring:group-manage", pk=group.pk)
    context = {
        "group": group,
        "members": list(group.members.select_related("user", "village")),
        "subjects": list(group.subjects.all()),
        **forms,
    }
    return render(request, "monitoring/group_manage.html", context)


#: The two "add" forms of the group page: button name, form, service, message.
_GROUP_ADDS = (
    ("add_member", "member_form", MemberForm, "member_add", _lazy("The member is added.")),
    ("add_subject", "subject_form", SubjectForm, "subject_create", _lazy("The subject is added.")),
)


def _group_add(request, group, form, service: str) -> bool:
    """Validate the form and call the service; errors go back onto the form."""
    if not form.is_valid():
        return False
    try:
        getattr(services, service)(actor=request.user, group=group, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True
