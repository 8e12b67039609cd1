"""The office's commission actions: members, orders, signatures from paper."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import services
from ...forms import (
    CommissionMemberForm,
    ProtocolSignatureForm,
)
from ...models import CommissionMember, Contest
from .contests import _paper_signers
from .roles import office_only


def _valid_member_form(request) -> dict:
    form = CommissionMemberForm(request.POST)
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    return form.cleaned_data


def _posted_member(request, contest: Contest) -> CommissionMember:
    return get_object_or_404(CommissionMember, pk=request.POST.get("member"), contest=contest)


def _member_add(request, contest: Contest) -> None:
    services.commission_member_add(
        actor=request.user, contest=contest, **_valid_member_form(request)
    )


def _member_remove(request, contest: Contest) -> None:
    services.commission_member_remove(actor=request.user, member=_posted_member(request, contest))


def _appoint(request, contest: Contest) -> None:
    services.commission_appoint(actor=request.user, contest=contest)


def _member_replace(request, contest: Contest) -> None:
    member = _posted_member(request, contest)
    services.commission_member_replace(
        actor=request.user,
        member=member,
        user=_valid_member_form(request)["user"],
        reason=request.POST.get("reason", "")[:500],
    )


@office_only
@require_POST
def commission(request, pk):
    """One form per commission action: add, remove, appoint, replace, a paper signature."""
    contest = get_object_or_404(Contest, pk=pk)
    action = COMMISSION_ACTIONS.get(request.POST.get("action"))
    try:
        if action is None:
            raise ValidationError(_("Unknown action."))
        action(request, contest)
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


COMMISSION_ACTIONS = {
    "add": _member_add,
    "remove": _member_remove,
    "appoint": _appoint,
    "replace": _member_replace,
    "protocol_signature": _protocol_signature,
}
