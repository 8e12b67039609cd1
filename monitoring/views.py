"""Views parse input, check permission, call one service and respond."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.forms.errors import add_service_errors
from municipality.permissions import is_office, role_required

from . import permissions as perms
from . import selectors, services
from .forms import (
    AnswerForm,
    GroupForm,
    MemberForm,
    ProtocolForm,
    QuestionForm,
    RecommendationFormSet,
    ReportForm,
    ReturnForm,
    ReviewForm,
    SignForm,
    SubjectForm,
)
from .links import target_url
from .models import (
    ChecklistQuestion,
    GroupMember,
    MonitoringGroup,
    Protocol,
    Recommendation,
    Subject,
)


def _int(value) -> int:
    """A posted id, or -1 (matches nothing) when it is not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


# Public pages


def index(request):
    """Groups, subjects, signed protocols and every recommendation with its answer."""
    user = request.user
    context = {
        "groups": list(selectors.groups_public()),
        "protocols": list(selectors.protocols_public()),
        "recommendations": list(selectors.recommendations_public()),
        "can_create_group": perms.can_create_group(user),
        "has_seat": user.is_authenticated and GroupMember.objects.filter(user=user).exists(),
        "is_office": is_office(user),
    }
    return render(request, "monitoring/index.html", context)


def group_detail(request, pk):
    group = get_object_or_404(selectors.groups_public(), pk=pk)
    subjects = list(selectors.subjects_of_group(group=group))
    for subject in subjects:
        subject.target_url = target_url(subject)
    context = {
        "group": group,
        "composition": selectors.group_composition(group),
        "subjects": subjects,
        "protocols": list(selectors.protocols_public(group=group)),
        "recommendations": list(selectors.recommendations_public(group=group)),
        "reports": list(group.reports.select_related("document")),
        "can_manage": perms.can_manage_group(request.user, group),
        "is_member": perms.is_member(request.user, group),
    }
    return render(request, "monitoring/group_detail.html", context)


def protocol_detail(request, pk):
    try:
        protocol = selectors.protocol_detail(pk=pk)
    except Protocol.DoesNotExist:
        raise Http404 from None
    if not perms.can_view_protocol(request.user, protocol):
        raise Http404
    context = {
        "protocol": protocol,
        "members": selectors.protocol_members(protocol=protocol),
        "can_edit": perms.can_edit_protocol(request.user, protocol),
        "can_sign": perms.can_sign_protocol(request.user, protocol),
        "can_answer": is_office(request.user) and protocol.is_public,
        "is_chair": perms.is_chair(request.user, protocol.group),
    }
    return render(request, "monitoring/protocol_detail.html", context)


# Member pages


@login_required
def my_groups(request):
    groups = list(selectors.groups_of_user(user=request.user))
    if len(groups) == 1:
        return redirect("monitoring:member-group", pk=groups[0].pk)
    return render(request, "monitoring/my_groups.html", {"groups": groups})


@login_required
def member_group(request, pk):
    group = get_object_or_404(selectors.groups_of_user(user=request.user), pk=pk)
    seat = perms.seat_of(request.user, group)
    if seat is None:
        raise PermissionDenied
    protocols = list(group.protocols.all())
    context = {
        "group": group,
        "seat": seat,
        "drafts": [p for p in protocols if p.status == Protocol.Status.DRAFT],
        "submitted": [p for p in protocols if p.status == Protocol.Status.SUBMITTED],
        "signed": [p for p in protocols if p.is_public],
        "to_review": list(
            selectors.recommendations_public(group=group).filter(
                status=Recommendation.Status.ANSWERED
            )
        )
        if seat.is_chair
        else [],
        "report_form": ReportForm(
            initial={"period_start": group.period_start, "period_end": group.period_end}
        ),
        "reports": list(group.reports.select_related("document")),
    }
    return render(request, "monitoring/member_group.html", context)


@login_required
@require_POST
def protocol_start(request, pk):
    subject = get_object_or_404(Subject.objects.select_related("group"), pk=pk)
    if not perms.can_file_protocol(request.user, subject.group):
        raise PermissionDenied
    protocol = services.protocol_start(actor=request.user, subject=subject)
    return redirect("monitoring:protocol-edit", pk=protocol.pk)


def _recommendation_rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or form.errors:
            continue
        data = form.cleaned_data
        rows.append(
            {
                "key": form.prefix,
                "id": data.get("id"),
                "text": data.get("text", ""),
                "addressee": data.get("addressee", ""),
                "due_date": data.get("due_date"),
                "delete": data.get("DELETE", False),
            }
        )
    return rows


@login_required
def protocol_edit(request, pk):
    """The one-page field form. Every save keeps whatever was valid; errors show by the field."""
    protocol = get_object_or_404(Protocol.objects.select_related("group", "subject"), pk=pk)
    if not perms.is_member(request.user, protocol.group):
        raise PermissionDenied
    if not perms.can_edit_protocol(request.user, protocol):
        messages.info(request, _("This protocol is no longer a draft."))
        return redirect(protocol)
    questions = ChecklistQuestion.objects.filter(
        group=protocol.group, subject_kind=protocol.subject.kind, is_active=True
    )
    recommendation_initial = [
        {"id": r.pk, "text": r.text, "addressee": r.addressee, "due_date": r.due_date}
        for r in protocol.recommendations.all()
    ]
    if request.method != "POST":
        form = ProtocolForm(protocol=protocol, questions=questions)
        formset = RecommendationFormSet(prefix="rec", initial=recommendation_initial)
        return _protocol_edit_render(request, protocol, form, formset)

    form = ProtocolForm(request.POST, request.FILES, protocol=protocol, questions=questions)
    formset = RecommendationFormSet(request.POST, prefix="rec", initial=recommendation_initial)
    form.is_valid()
    formset.is_valid()
    data = {
        field: form.cleaned_data[field]
        for field in services.PROTOCOL_FIELDS
        if field in form.cleaned_data
    }
    # Counts are saved only when every count is a number, so a typo never wipes them.
    counts_valid = not any(name.startswith("attendance_") for name in form.errors)
    try:
        with transaction.atomic():
            saved = services.protocol_save(
                actor=request.user,
                protocol=protocol,
                data=data,
                members_present=form.cleaned_data.get("members_present"),
                answers=form.answers(),
                recommendations=_recommendation_rows(formset),
                remove_photos=form.cleaned_data.get("remove_photos") or (),
                scan=form.cleaned_data.get("scan"),
                attendance=form.attendance_values() if counts_valid else None,
                villages=form.attendance_villages() if counts_valid else None,
            )
    except ValidationError as error:
        add_service_errors(form, error)
    else:
        if saved.created_recommendations:
            # Rows just created get their ids, so saving the shown form again edits them.
            post = request.POST.copy()
            for prefix, pk in saved.created_recommendations.items():
                post[f"{prefix}-id"] = str(pk)
            formset = RecommendationFormSet(post, prefix="rec", initial=recommendation_initial)
            formset.is_valid()
    keep_location = form.cleaned_data.get("keep_location", False)
    for upload in form.cleaned_data.get("photos") or ():
        try:
            with transaction.atomic():
                services.photo_add(
                    actor=request.user,
                    protocol=protocol,
                    upload=upload,
                    keep_location=keep_location,
                )
        except ValidationError as error:
            form.add_error("photos", f"{upload.name}: {' '.join(error.messages)}")
    if form.errors or formset.total_error_count():
        messages.warning(request, _("The draft is saved, but some fields need attention."))
        return _protocol_edit_render(request, protocol, form, formset, status=200)
    if "submit" in request.POST:
        try:
            services.protocol_submit(actor=request.user, protocol=protocol)
        except ValidationError as error:
            add_service_errors(form, error)
            messages.warning(request, _("The draft is saved, but it is not complete yet."))
            return _protocol_edit_render(request, protocol, form, formset)
        messages.success(request, _("The protocol is handed to the chair for sign-off."))
        return redirect(protocol)
    messages.success(request, _("The draft is saved."))
    return redirect("monitoring:protocol-edit", pk=protocol.pk)


def _protocol_edit_render(request, protocol, form, formset, status=200):
    context = {
        "protocol": protocol,
        "form": form,
        "formset": formset,
        "photos": list(protocol.photos.all()),
    }
    return render(request, "monitoring/protocol_form.html", context, status=status)


@login_required
def protocol_sign(request, pk):
    protocol = get_object_or_404(Protocol.objects.select_related("group", "subject"), pk=pk)
    if not perms.can_sign_protocol(request.user, protocol):
        raise PermissionDenied
    sign_form = SignForm(protocol=protocol)
    return_form = ReturnForm()
    if request.method == "POST":
        if "return" in request.POST:
            return_form = ReturnForm(request.POST)
            if return_form.is_valid():
                services.protocol_return(
                    actor=request.user,
                    protocol=protocol,
                    reason=return_form.cleaned_data["reason"],
                )
                messages.success(request, _("The protocol is returned to the members."))
                return redirect("monitoring:member-group", pk=protocol.group_id)
        else:
            sign_form = SignForm(request.POST, protocol=protocol)
            if sign_form.is_valid():
                try:
                    services.protocol_sign(
                        actor=request.user,
                        protocol=protocol,
                        confirmed_members=list(sign_form.cleaned_data["confirmed"]),
                    )
                except ValidationError as error:
                    add_service_errors(sign_form, error)
                else:
                    messages.success(
                        request, _("The protocol is signed and published on the notice board.")
                    )
                    return redirect(protocol)
    protocol = selectors.protocol_detail(pk=protocol.pk)
    context = {
        "protocol": protocol,
        "members": selectors.protocol_members(protocol=protocol),
        "sign_form": sign_form,
        "return_form": return_form,
    }
    return render(request, "monitoring/protocol_sign.html", context)


@login_required
@require_POST
def recommendation_review(request, pk):
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("protocol__group"), pk=pk
    )
    if not perms.can_review_recommendation(request.user, recommendation):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if "reopen" in request.POST:
            services.recommendation_reopen(
                actor=request.user, recommendation=recommendation, note=note
            )
            messages.success(request, _("The recommendation is reopened."))
        else:
            services.recommendation_resolve(
                actor=request.user, recommendation=recommendation, note=note
            )
            messages.success(request, _("The recommendation is accepted as resolved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("monitoring:member-group", pk=recommendation.protocol.group_id)


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
    group = get_object_or_404(MonitoringGroup, pk=pk)
    if not perms.can_manage_group(request.user, group):
        raise PermissionDenied
    member_form, subject_form = MemberForm(prefix="member"), SubjectForm(prefix="subject")
    if request.method == "POST":
        if "add_member" in request.POST:
            member_form = MemberForm(request.POST, prefix="member")
            if member_form.is_valid():
                try:
                    services.member_add(
                        actor=request.user, group=group, **member_form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(member_form, error)
                else:
                    messages.success(request, _("The member is added."))
                    return redirect("monitoring:group-manage", pk=group.pk)
        elif "add_subject" in request.POST:
            subject_form = SubjectForm(request.POST, prefix="subject")
            if subject_form.is_valid():
                try:
                    services.subject_create(
                        actor=request.user, group=group, **subject_form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(subject_form, error)
                else:
                    messages.success(request, _("The subject is added."))
                    return redirect("monitoring:group-manage", pk=group.pk)
        elif "remove_member" in request.POST:
            member = get_object_or_404(
                GroupMember, pk=_int(request.POST["remove_member"]), group=group
            )
            services.member_remove(actor=request.user, member=member)
            messages.success(request, _("The member is removed."))
            return redirect("monitoring:group-manage", pk=group.pk)
    context = {
        "group": group,
        "members": list(group.members.select_related("user", "village")),
        "subjects": list(group.subjects.all()),
        "member_form": member_form,
        "subject_form": subject_form,
    }
    return render(request, "monitoring/group_manage.html", context)


# Office pages


@role_required()
def office(request):
    status = request.GET.get("status", "awaiting")
    if status not in ("awaiting", "all", *Recommendation.Status.values):
        status = "awaiting"
    recommendations = list(
        selectors.recommendations_for_office(status="" if status == "all" else status)
    )
    context = {
        "recommendations": recommendations,
        "status": status,
        "statuses": [
            ("awaiting", _("Awaiting an answer")),
            ("all", _("All")),
            *Recommendation.Status.choices,
        ],
    }
    return render(request, "monitoring/office.html", context)


@role_required()
def recommendation_answer(request, pk):
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("protocol__subject", "protocol__group"), pk=pk
    )
    if not perms.can_answer_recommendation(request.user, recommendation):
        messages.info(request, _("This recommendation is not waiting for an answer."))
        return redirect("monitoring:office")
    form = AnswerForm()
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.recommendation_answer(
                    actor=request.user, recommendation=recommendation, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The answer is saved and shown to the public."))
                return redirect("monitoring:office")
    return render(
        request,
        "monitoring/recommendation_answer.html",
        {"recommendation": recommendation, "form": form},
    )
