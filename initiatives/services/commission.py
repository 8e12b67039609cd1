"""The contest commission: members, the head's orders appointing and replacing them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.i18n import in_kyrgyz, text_in
from municipality.models import AuditEntry, OfficialDocument
from municipality.services import (
    audit_record,
    document_issue,
    head_signer,
)

from .. import permissions as perms
from ..models import (
    CommissionMember,
    Contest,
)


@transaction.atomic
def commission_member_add(
    *, actor, contest: Contest, user, is_chair=False, position=""
) -> CommissionMember:
    """Add a member (or the chair) to a contest commission before its order."""
    if not perms.can_manage_commission(actor, contest):
        raise PermissionDenied
    if contest.commission_order_id:
        raise ValidationError(_("The commission is already appointed by order."))
    member, created = CommissionMember.objects.get_or_create(
        contest=contest, user=user, defaults={"is_chair": is_chair, "position": position}
    )
    if not created:
        raise ValidationError(_("This person is already on the commission."))
    if is_chair:
        contest.members.exclude(pk=member.pk).update(is_chair=False)
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"commission": ("", str(user))},
    )
    return member


@transaction.atomic
def commission_member_replace(
    *, actor, member: CommissionMember, user, reason: str
) -> CommissionMember:
    """The head replaces a member who cannot serve, by a new order in the registry.

    The new member takes the seat (position, chair); the old seat stays in the record with
    its submitted scores, which no longer count: the quorum counts the current commission.
    """
    contest = Contest.objects.select_for_update().get(pk=member.contest_id)
    member = CommissionMember.objects.select_for_update().get(pk=member.pk)
    if not perms.can_replace_member(actor, contest):
        raise PermissionDenied
    if member.replaced_at is not None:
        raise ValidationError(_("This member has already been replaced."))
    if not (reason or "").strip():
        raise ValidationError(_("Write why the member is replaced."))
    if CommissionMember.objects.filter(contest=contest, user=user).exists():
        raise ValidationError(_("This person is already on the commission."))
    new = CommissionMember.objects.create(
        contest=contest, user=user, is_chair=member.is_chair, position=member.position
    )
    member.replaced_at = timezone.now()
    member.replaced_by = new
    member.is_chair = False
    member.save(update_fields=["replaced_at", "replaced_by", "is_chair"])
    document = document_issue(
        kind=OfficialDocument.Kind.ORDER,
        subject=contest,
        title=f"«{text_in(contest, 'title')}» сынагынын конкурстук комиссиясынын курамын "
        "өзгөртүү жөнүндө",
        template_name="initiatives/pdf/member_replacement_order.html",
        actor=actor,
        signer_name=actor.full_name,
        signer_position="Айыл өкмөт башчысы",
    )
    member.replacement_order = document
    member.save(update_fields=["replacement_order"])
    contest.__dict__.pop("_member_user_ids", None)
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"commission": (str(member.user), str(user))},
        reason=reason.strip(),
    )
    return new


@transaction.atomic
def commission_member_remove(*, actor, member: CommissionMember) -> None:
    """Remove a member from a contest commission before its order."""
    contest = member.contest
    if not perms.can_manage_commission(actor, contest) or contest.commission_order_id:
        raise PermissionDenied
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"commission": (str(member.user), "")},
    )
    member.delete()


@transaction.atomic
def commission_appoint(*, actor, contest: Contest) -> OfficialDocument:
    """The head's order (буйрук) appointing the contest commission."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not perms.can_appoint_commission(actor, contest):
        raise PermissionDenied
    if contest.commission_order_id:
        raise ValidationError(_("The commission is already appointed by order."))
    if not contest.members.exists():
        raise ValidationError(_("Add the commission members first."))
    if not contest.members.filter(is_chair=True).exists():
        raise ValidationError(_("Choose the chair of the commission."))
    document = document_issue(
        kind=OfficialDocument.Kind.ORDER,
        subject=contest,
        title=in_kyrgyz(
            gettext_lazy("On forming the commission of the contest «%(title)s»"),
            title=text_in(contest, "title"),
        ),
        template_name="initiatives/pdf/commission_order.html",
        actor=actor,
        **head_signer(fallback_name=actor.full_name),
    )
    contest.commission_order = document
    contest.save(update_fields=["commission_order", "updated_at"])
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"commission_order": ("", str(document))},
    )
    return document
