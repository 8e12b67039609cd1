"""Residents' comments on the draft (online or from paper) and the answers to them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.models import AuditEntry
from municipality.services import audit_record

from .. import permissions as perms
from ..models import (
    Comment,
    Plan,
)


@transaction.atomic
def comment_add(
    *,
    plan: Plan,
    actor,
    text: str,
    source: str = Comment.Source.ONLINE,
    author_name: str = "",
    person=None,
) -> Comment:
    """A resident's comment online, or one staff copy from paper collected at the gathering.

    A paper comment may name a `person` from the register of people (their name is kept)."""
    if person is not None:
        author_name = (author_name or "").strip() or person.full_name
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if source == Comment.Source.PAPER:
        if not perms.can_manage_discussion(actor, plan):
            raise PermissionDenied
        if not author_name.strip():
            raise ValidationError({"author_name": _("Write whose comment it is.")})
        comment = Comment.objects.create(
            plan=plan,
            source=source,
            text=text,
            author_name=author_name.strip(),
            person=person,
            entered_by=actor,
        )
    else:
        if not perms.can_comment_plan(actor, plan):
            raise PermissionDenied
        if plan.comments_until and timezone.localdate() > plan.comments_until:
            raise ValidationError(
                {
                    "text": _("Comments were accepted until %(date)s.")
                    % {"date": f"{plan.comments_until:%d.%m.%Y}"}
                }
            )
        comment = Comment.objects.create(
            plan=plan, source=Comment.Source.ONLINE, text=text, author=actor
        )
    audit_record(actor=actor, obj=comment, action=AuditEntry.Action.CREATE)
    return comment


@transaction.atomic
def comment_answer(*, comment: Comment, actor, answer: str, answer_text: str) -> Comment:
    """Answer a comment: taken into account, or not with a reason; residents see it."""
    if not perms.can_answer_comment(actor, comment.plan):
        raise PermissionDenied
    answer_text = (answer_text or "").strip()
    if answer not in (Comment.Answer.ACCEPTED, Comment.Answer.REJECTED):
        raise ValidationError({"answer": _("Choose whether the comment was taken into account.")})
    if answer == Comment.Answer.REJECTED and not answer_text:
        raise ValidationError(
            {"answer_text": _("Give the reason why the comment was not taken into account.")}
        )
    old = comment.answer
    comment.answer = answer
    comment.answer_text = answer_text
    comment.answered_by = actor
    comment.answered_at = timezone.now()
    comment.save()
    audit_record(actor=actor, obj=comment, old=old, new=answer, reason=answer_text)
    return comment
