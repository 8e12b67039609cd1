"""Scoring: conflict declarations, scores, paper score sheets."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.models import AuditEntry
from municipality.services import (
    audit_record,
)

from .. import permissions as perms
from .. import selectors
from ..models import (
    Application,
    CommissionMember,
    ConflictDeclaration,
    Contest,
    PaperScoreSheet,
    Score,
)
from .common import _notify

# Scoring -------------------------------------------------------------------------------


#: The audit note of a conflict declared after the member's scores were submitted.
AFTER_SUBMISSION = "баалар тапшырылгандан кийин: баалар сакталды, рейтингге кирбейт"


def _scoring_locked(application: Application) -> Application:
    """The application read again under the contest's lock (taken first, as the results
    approval does): no declaration or score lands after the ranking was computed."""
    Contest.objects.select_for_update().filter(pk=application.contest_id).first()
    return Application.objects.select_related("contest").get(pk=application.pk)


def _member_locked(actor, application: Application) -> CommissionMember | None:
    """The actor's seat, locked: a member's declarations and scores are written one at a time
    (a double POST or two tabs cannot both pass the "not yet submitted" check)."""
    member = selectors.member_for(actor, application.contest)
    if member is None:
        return None
    return CommissionMember.objects.select_for_update().get(pk=member.pk)


@transaction.atomic
def declaration_record(
    *, actor, application: Application, has_conflict: bool, note=""
) -> ConflictDeclaration:
    """A member declares (no) conflict of interest on an application.

    A member may declare a conflict at any time of the evaluation, also after submitting:
    submitted scores are then kept as they are and left out of the ranking (audited). A
    declared conflict is never withdrawn by the member: only the office clears it
    (`declaration_clear`). Declaring the same again changes nothing.
    """
    application = _scoring_locked(application)
    member = _member_locked(actor, application)
    if member is None or not perms.can_score_application(actor, application):
        raise PermissionDenied
    declaration = (
        ConflictDeclaration.objects.select_for_update()
        .filter(member=member, application=application)
        .first()
    )
    if declaration is not None and declaration.has_conflict:
        if has_conflict:
            return declaration  # the same declaration again (a double click)
        raise ValidationError(
            _("You declared a conflict of interest; only the office can clear it.")
        )
    if declaration is not None and not has_conflict:
        return declaration  # "no conflict" again: nothing changes
    submitted = selectors.member_has_submitted(member, application)
    old = "" if declaration is None else "no"
    if declaration is None:
        declaration = ConflictDeclaration(member=member, application=application)
    declaration.has_conflict = has_conflict
    declaration.note = note
    declaration.declared_at = timezone.now()
    declaration.save()
    reason = note
    if has_conflict and submitted:
        # The submitted scores stay in the record; the ranking leaves them out.
        reason = f"{note} [{AFTER_SUBMISSION}]".strip()
    elif has_conflict:
        Score.objects.filter(member=member, application=application, submitted=False).delete()
    audit_record(
        actor=actor,
        obj=application,
        action=AuditEntry.Action.UPDATE,
        changes={"conflict_of_interest": (old, "yes" if has_conflict else "no")},
        reason=reason,
    )
    return declaration


@transaction.atomic
def declaration_clear(
    *, actor, declaration: ConflictDeclaration, reason: str
) -> ConflictDeclaration:
    """Staff or the head clear a member's declared conflict (never the member themselves).

    The member's submitted scores, if any, count in the ranking again, unchanged.
    """
    declaration = (
        ConflictDeclaration.objects.select_for_update()
        .select_related("member__user", "application__contest")
        .get(pk=declaration.pk)
    )
    if not perms.can_clear_conflict(actor, declaration):
        raise PermissionDenied
    if not declaration.has_conflict:
        raise ValidationError(_("No conflict of interest is declared here."))
    if not reason.strip():
        raise ValidationError(_("Give the reason the conflict of interest is cleared."))
    declaration.has_conflict = False
    declaration.save(update_fields=["has_conflict"])
    audit_record(
        actor=actor,
        obj=declaration.application,
        action=AuditEntry.Action.UPDATE,
        changes={"conflict_of_interest": (f"yes: {declaration.member.user}", "cleared")},
        reason=reason.strip(),
    )
    application = declaration.application
    _notify(
        declaration.member.user,
        key=f"initiatives:conflict-cleared:{declaration.pk}:{timezone.now():%Y%m%d%H%M%S}",
        event="conflict_cleared",
        number=application.registration_number,
        title=application.title,
        reason=reason.strip(),
    )
    return declaration


def _refuse_over_submitted(member, application) -> None:
    if (
        selectors.member_has_submitted(member, application)
        or PaperScoreSheet.objects.filter(member=member, application=application).exists()
    ):
        raise ValidationError(
            _("%(member)s has already submitted scores for this application; they are final.")
            % {"member": member}
        )


def _check_score(criterion, value) -> None:
    if not 0 <= value <= criterion.max_score:
        raise ValidationError(
            _("«%(name)s»: the score must be between 0 and %(max)s.")
            % {"name": criterion.name, "max": criterion.max_score}
        )


def _same_submission(stored, *, values, criteria, submit) -> list[Score]:
    """Submitted scores are final: only the very same submission again (a double click)
    returns them; anything else is refused."""
    same = {s.criterion_id: (s.value, s.comment) for s in stored} == {
        pk: tuple(values.get(pk, (None, ""))) for pk in criteria
    }
    if submit and same:
        return stored
    raise ValidationError(_("Your scores for this application are already submitted."))


@transaction.atomic
def scores_save(*, actor, application: Application, values: dict, submit: bool) -> list[Score]:
    """Save a member's scores {criterion id: (value, comment)}; submitted scores are final.

    Once submitted nothing changes them: a draft save or a different submission is refused;
    the very same submission again (a double click) returns the stored scores.
    """
    application = _scoring_locked(application)
    member = _member_locked(actor, application)
    if member is None:
        raise PermissionDenied
    declaration = ConflictDeclaration.objects.filter(
        member=member, application=application
    ).first()
    if declaration is None:
        raise ValidationError(_("Declare whether you have a conflict of interest first."))
    if not perms.can_score_application(actor, application, declaration):
        raise PermissionDenied
    criteria = {c.pk: c for c in application.contest.criteria.all()}
    stored = list(Score.objects.filter(member=member, application=application))
    if any(s.submitted for s in stored):
        return _same_submission(stored, values=values, criteria=criteria, submit=submit)
    saved = []
    for criterion_id, criterion in criteria.items():
        value, comment = values.get(criterion_id, (None, ""))
        if value is None:
            if submit:
                raise ValidationError(_("Score every criterion before submitting."))
            continue
        _check_score(criterion, value)
        score, _created = Score.objects.update_or_create(
            member=member,
            application=application,
            criterion=criterion,
            defaults={"value": value, "comment": comment, "submitted": submit},
        )
        saved.append(score)
    if submit:
        audit_record(
            actor=actor,
            obj=application,
            action=AuditEntry.Action.UPDATE,
            changes={"scores": ("", str(member.user))},
        )
    return saved


@transaction.atomic
def paper_sheet_enter(
    *,
    actor,
    member: CommissionMember,
    application: Application,
    values: dict,
    has_conflict: bool,
    scan,
) -> PaperScoreSheet:
    """Staff enter the signed paper score sheet (with its scan) of a member who cannot log in.

    The sheet carries the member's conflict declaration and, without a
    conflict, a score for every criterion; the scores are submitted (final) and marked as
    entered from paper. Nothing is entered over scores the member already submitted.
    """
    application = _scoring_locked(application)
    member = CommissionMember.objects.select_for_update().get(pk=member.pk)
    if not perms.can_enter_paper_sheet(actor, application, member):
        raise PermissionDenied
    if scan is None:
        raise ValidationError({"scan": _("Attach the scan of the signed sheet.")})
    _refuse_over_submitted(member, application)
    declaration = ConflictDeclaration.objects.filter(
        member=member, application=application
    ).first()
    if declaration is not None and declaration.has_conflict and not has_conflict:
        raise ValidationError(
            _("The member declared a conflict of interest; only the office can clear it.")
        )
    criteria = list(application.contest.criteria.all())
    for criterion in criteria if not has_conflict else ():
        value = values.get(criterion.pk, (None, ""))[0]
        if value is None:
            raise ValidationError(_("Score every criterion before submitting."))
        _check_score(criterion, value)
    if declaration is None:
        declaration = ConflictDeclaration(member=member, application=application)
    declaration.has_conflict = has_conflict
    declaration.note = _("From the paper score sheet")
    declaration.save()
    sheet = PaperScoreSheet.objects.create(
        member=member,
        application=application,
        scan=scan,
        has_conflict=has_conflict,
        entered_by=actor,
    )
    Score.objects.filter(member=member, application=application, submitted=False).delete()
    if not has_conflict:
        Score.objects.bulk_create(
            [
                Score(
                    member=member,
                    application=application,
                    criterion=criterion,
                    value=values[criterion.pk][0],
                    comment=values[criterion.pk][1] or "",
                    submitted=True,
                    from_paper=True,
                )
                for criterion in criteria
            ]
        )
    audit_record(
        actor=actor,
        obj=application,
        action=AuditEntry.Action.UPDATE,
        changes={"scores": ("", f"{member.user} ({_('entered from paper')})")},
    )
    return sheet
