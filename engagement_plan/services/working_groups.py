"""The working group (4.1–4.4): formed, its members added or removed, approved by order."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.i18n import in_kyrgyz
from municipality.models import AuditEntry, OfficialDocument
from municipality.services import (
    audit_record,
    document_issue,
    head_signer,
    workflow_move,
)

from .. import permissions as perms
from ..models import (
    WorkingGroup,
    WorkingGroupMember,
)
from ..rules import composition_failures
from .constants import WORKING_GROUP_ORDER_TITLE


@transaction.atomic
def working_group_create(*, actor, title: str, head_name: str) -> WorkingGroup:
    """Start forming a working group (4.1); the head of the LSG body heads it."""
    if not perms.is_office(actor):
        raise PermissionDenied
    group = WorkingGroup.objects.create(title=title, head_name=head_name, created_by=actor)
    audit_record(actor=actor, obj=group, action=AuditEntry.Action.CREATE, new=group.status)
    return group


@transaction.atomic
def working_group_update(
    *, group: WorkingGroup, actor, title: str, head_name: str
) -> WorkingGroup:
    """Rename the working group or change its head, audited field by field."""
    if not perms.can_edit_working_group(actor, group):
        raise PermissionDenied
    changes = {}
    for field, value in (("title", title), ("head_name", head_name)):
        if getattr(group, field) != value:
            changes[field] = (getattr(group, field), value)
            setattr(group, field, value)
    group.save()
    audit_record(actor=actor, obj=group, action=AuditEntry.Action.UPDATE, changes=changes)
    return group


@transaction.atomic
def working_group_member_add(*, group: WorkingGroup, actor, **fields) -> WorkingGroupMember:
    """Add one member (name, category, sex and social-group flags) to a group being formed."""
    if not perms.can_edit_working_group(actor, group):
        raise PermissionDenied
    member = WorkingGroupMember(group=group, **fields)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        obj=group,
        action=AuditEntry.Action.UPDATE,
        changes={"member_added": ("", member.full_name)},
    )
    return member


@transaction.atomic
def working_group_member_remove(*, member: WorkingGroupMember, actor) -> None:
    """Remove a member from the working group while it can be edited."""
    group = member.group
    if not perms.can_edit_working_group(actor, group):
        raise PermissionDenied
    name = member.full_name
    member.delete()
    audit_record(
        actor=actor,
        obj=group,
        action=AuditEntry.Action.UPDATE,
        changes={"member_removed": (name, "")},
    )


@transaction.atomic
def working_group_approve(*, group: WorkingGroup, actor, justification: str = "") -> WorkingGroup:
    """The head approves the composition by order (4.2), issuing the order PDF.

    Binding rules must hold; a missed recommendation (the one-third balance) needs
    a written justification, which is kept on the group and in the audit row.
    """
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    if not perms.can_approve_working_group(actor, group):
        raise PermissionDenied
    failures = composition_failures(group.members.all())
    binding = [f.message for f in failures if not f.recommendation]
    if binding:
        raise ValidationError(
            [_("The composition breaks the rules of the Typical Plan (4.3–4.4):")] + binding
        )
    justification = justification.strip()
    if any(f.recommendation for f in failures) and not justification:
        raise ValidationError(
            [
                _(
                    "The composition departs from a recommendation. Write a justification "
                    "to approve it anyway:"
                )
            ]
            + [f.message for f in failures]
        )
    order = document_issue(
        kind=OfficialDocument.Kind.ORDER,
        subject=group,
        title=in_kyrgyz(WORKING_GROUP_ORDER_TITLE),
        template_name="engagement_plan/pdf/working_group_order.html",
        actor=actor,
        **head_signer(),
    )
    group.order = order
    group.justification = justification
    group.approved_at = timezone.now()
    return workflow_move(
        obj=group,
        to=WorkingGroup.Status.APPROVED,
        actor=actor,
        reason=justification,
        permission=perms.can_approve_working_group,
        extra_fields=["order", "justification", "approved_at"],
    )
