"""Members' pages: their groups, the protocol form in the field, the chair's sign-off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.forms.errors import add_service_errors

from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    ProtocolForm,
    RecommendationFormSet,
    ReportForm,
    ReturnForm,
    SignForm,
)
from ..models import (
    ChecklistQuestion,
    Protocol,
    Recommendation,
    Subject,
)

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
    initial = _recommendation_initial(protocol)
    if request.method != "POST":
        form = ProtocolForm(protocol=protocol, questions=questions)
        formset = RecommendationFormSet(prefix="rec", initial=initial)
        return _protocol_edit_render(request, protocol, form, formset)
    form = ProtocolForm(request.POST, request.FILES, protocol=protocol, questions=questions)
    formset = RecommendationFormSet(request.POST, prefix="rec", initial=initial)
    form.is_valid()
    formset.is_valid()
    result = services.protocol_save_with_photos(
        actor=request.user,
        protocol=protocol,
        photos=form.cleaned_data.get("photos") or (),
        keep_location=form.cleaned_data.get("keep_location", False),
        **_protocol_input(form, formset),
    )
    formset = _protocol_result_show(request, form, formset, result, initial)
    if form.errors or formset.total_error_count():
        messages.warning(request, _("The draft is saved, but some fields need attention."))
        return _protocol_edit_render(request, protocol, form, formset)
    if "submit" in request.POST:
        return _protocol_submit(request, protocol, form, formset)
    messages.success(request, _("The draft is saved."))
    return redirect("monitoring:protocol-edit", pk=protocol.pk)


def _recommendation_initial(protocol) -> list[dict]:
    return [
        {"id": r.pk, "text": r.text, "addressee": r.addressee, "due_date": r.due_date}
        for r in protocol.recommendations.all()
    ]


def _protocol_input(form, formset) -> dict:
    """What `protocol_save` takes, from the bound form and the recommendations' formset."""
    data = {
        field: form.cleaned_data[field]
        for field in services.PROTOCOL_FIELDS
        if field in form.cleaned_data
    }
    # Counts are saved only when every count is a number, so a typo never wipes them.
    counts_valid = not any(name.startswith("attendance_") for name in form.errors)
    return {
        "data": data,
        "members_present": form.cleaned_data.get("members_present"),
        "answers": form.answers(),
        "recommendations": _recommendation_rows(formset),
        "remove_photos": form.cleaned_data.get("remove_photos") or (),
        "scan": form.cleaned_data.get("scan"),
        "attendance": form.attendance_values() if counts_valid else None,
        "villages": form.attendance_villages() if counts_valid else None,
    }


def _protocol_result_show(request, form, formset, result, initial):
    """Put the service's refusals on the form; rows just created get their ids."""
    if result.error is not None:
        add_service_errors(form, result.error)
    for message in result.photo_errors:
        form.add_error("photos", message)
    if not result.created_recommendations:
        return formset
    # Rows just created get their ids, so saving the shown form again edits them.
    post = request.POST.copy()
    for prefix, pk in result.created_recommendations.items():
        post[f"{prefix}-id"] = str(pk)
    formset = RecommendationFormSet(post, prefix="rec", initial=initial)
    formset.is_valid()
    return formset


def _protocol_submit(request, protocol, form, formset):
    try:
        services.protocol_submit(actor=request.user, protocol=protocol)
    except ValidationError as error:
        add_service_errors(form, error)
        messages.warning(request, _("The draft is saved, but it is not complete yet."))
        return _protocol_edit_render(request, protocol, form, formset)
    messages.success(request, _("The protocol is handed to the chair for sign-off."))
    return redirect(protocol)


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
