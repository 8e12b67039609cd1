"""The people's norm-making initiative: filing, registration, online signatures."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipality.dates import official_date
from municipality.models import AuditEntry, Notice
from municipality.models.people import name_key
from municipality.phones import phone_normalize
from municipality.services import (
    audit_record,
    notice_publish,
    workflow_move,
)

from .. import permissions as perms
from .. import selectors
from ..models import (
    AgendaItem,
    Initiative,
    Session,
    Signature,
)
from ._common import KYRGYZ, _online_signer_check, _require
from .sessions import agenda_item_add

# The people's initiative


@transaction.atomic
def initiative_file(
    *, actor, title: str, summary: str, draft_text: str, initiators: str, draft_file=None
) -> Initiative:
    """An initiative group files a draft act; the secretary registers or refuses it."""
    _require(perms.can_file_initiative(actor))
    if not [line for line in initiators.splitlines() if line.strip()]:
        raise ValidationError({"initiators": _("Name the members of the initiative group.")})
    initiative = Initiative(
        title=title, summary=summary, draft_text=draft_text, initiators=initiators, filed_by=actor
    )
    if draft_file:
        initiative.draft_file.save(draft_file.name, draft_file, save=False)
    initiative.save()
    audit_record(actor=actor, obj=initiative, action=AuditEntry.Action.CREATE)
    return initiative


@transaction.atomic
def initiative_register(
    *, actor, initiative: Initiative, signing_ends: datetime.date | None = None
) -> Initiative:
    """Register the initiative: the signature period opens with the threshold of the day."""
    _require(perms.can_manage_kenesh(actor))
    today = timezone.localdate()
    signing_ends = signing_ends or today + datetime.timedelta(days=settings.KENESH_SIGNATURE_DAYS)
    if signing_ends <= today:
        raise ValidationError({"signing_ends": _("The signature period must end in the future.")})
    initiative.signing_ends = signing_ends
    initiative.threshold = selectors.signature_threshold()
    initiative.registered_at = timezone.now()
    initiative = workflow_move(
        obj=initiative,
        to=Initiative.Status.COLLECTING,
        actor=actor,
        extra_fields=["signing_ends", "threshold", "registered_at"],
    )
    texts = {}
    for language in ("ky", "ru"):
        with override(language):
            texts[language] = (
                _("People's initiative: %(title)s") % {"title": initiative.title},
                _(
                    "Signatures are collected until %(date)s; %(needed)s are needed. Sign online "
                    "or on a paper sheet at the ayil okmotu."
                )
                % {
                    "date": official_date(initiative.signing_ends),
                    "needed": initiative.threshold,
                },
            )
    notice_publish(
        actor=actor,
        category=Notice.Category.KENESH,
        title=texts["ky"][0][:300],
        body=texts["ky"][1],
        title_ru=texts["ru"][0][:300],
        body_ru=texts["ru"][1],
        subject=initiative,
    )
    return initiative


@transaction.atomic
def initiative_refuse(*, actor, initiative: Initiative, reason: str, note: str) -> Initiative:
    """Refuse registration: not a matter of local significance, or incomplete."""
    _require(perms.can_manage_kenesh(actor))
    if reason not in Initiative.RefusalReason.values:
        raise ValidationError({"reason": _("Choose the reason for the refusal.")})
    initiative.refusal_reason = reason
    initiative.refusal_note = note
    return workflow_move(
        obj=initiative,
        to=Initiative.Status.REFUSED,
        actor=actor,
        reason=note,
        extra_fields=["refusal_reason", "refusal_note"],
    )


def _paper_match_of_user(initiative: Initiative, user) -> Signature | None:
    """A paper signature of the same person as this account, if the register links them."""
    full_name = user.full_name
    matches = Signature.objects.filter(
        initiative=initiative, person__isnull=False, withdrawn_at__isnull=True
    )
    by_link = matches.filter(person__user=user)
    if user.phone:
        by_link = by_link | matches.filter(person__phone=phone_normalize(raw=user.phone))
    found = by_link.first()
    if found is None and full_name.strip():
        found = matches.filter(
            person__name_key=name_key(full_name), person__village_id=user.village_id
        ).first()
    return found


@transaction.atomic
def initiative_sign(
    *,
    initiative: Initiative,
    user,
    show_name: bool = False,
    wants_news: bool = False,
    today: datetime.date | None = None,
) -> Signature:
    """Sign online: a confirmed phone, a village of the municipality, once per person."""
    _online_signer_check(user)
    today = today or timezone.localdate()
    # Signers of one initiative queue on its row: the count and the checks see each other.
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not initiative.signing_open(today):
        raise ValidationError(_("The signature period is over or has not started."))
    if _paper_match_of_user(initiative, user):
        raise ValidationError(
            _("You have already signed this initiative on paper; a person signs once.")
        )
    signature = Signature.objects.filter(initiative=initiative, user=user).first()
    if signature and signature.withdrawn_at is None:
        raise ValidationError(_("You have already signed this initiative."))
    if signature:
        signature.withdrawn_at = None
        signature.signed_on = today
        signature.show_name = show_name
        signature.wants_news = wants_news
        signature.save(update_fields=["withdrawn_at", "signed_on", "show_name", "wants_news"])
    else:
        try:
            with transaction.atomic():
                signature = Signature.objects.create(
                    initiative=initiative,
                    user=user,
                    kind=Signature.Kind.ONLINE,
                    signed_on=today,
                    show_name=show_name,
                    wants_news=wants_news,
                )
        except IntegrityError:
            raise ValidationError(_("You have already signed this initiative.")) from None
    audit_record(actor=user, obj=initiative, action=AuditEntry.Action.UPDATE, new="signed")
    return signature


@transaction.atomic
def initiative_withdraw(*, initiative: Initiative, user, today=None) -> Signature:
    """Withdraw one's online signature while the period lasts."""
    today = today or timezone.localdate()
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    signature = Signature.objects.filter(
        initiative=initiative, user=user, withdrawn_at__isnull=True
    ).first()
    if signature is None:
        raise ValidationError(_("You have not signed this initiative."))
    if not initiative.signing_open(today):
        raise ValidationError(_("The signature period is over: a signature cannot be withdrawn."))
    signature.withdrawn_at = timezone.now()
    signature.save(update_fields=["withdrawn_at"])
    audit_record(actor=user, obj=initiative, action=AuditEntry.Action.UPDATE, new="withdrawn")
    return signature


@transaction.atomic
def initiative_to_agenda(*, actor, initiative: Initiative, session: Session) -> AgendaItem:
    """Put an initiative that reached its threshold on a session's agenda."""
    _require(perms.can_manage_kenesh(actor))
    count = selectors.signature_count(initiative)
    if count < (initiative.threshold or selectors.signature_threshold()):
        raise ValidationError(
            _("The initiative has %(count)s signatures of %(needed)s needed."),
            params={"count": count, "needed": initiative.threshold},
        )
    if initiative.status == Initiative.Status.COLLECTING:
        workflow_move(obj=initiative, to=Initiative.Status.ON_AGENDA, actor=actor)
    elif initiative.status != Initiative.Status.ON_AGENDA:
        raise initiative.transition_error(Initiative.Status.ON_AGENDA)
    with override(KYRGYZ):
        title = _("People's initiative: %(title)s") % {"title": initiative.title}
    return agenda_item_add(
        actor=actor,
        session=session,
        title=title,
        description=initiative.summary,
        source=AgendaItem.Source.INITIATIVE,
        initiative=initiative,
    )


def initiatives_expire(*, today: datetime.date | None = None) -> int:
    """Close the signature periods that ended below the threshold (the daily task)."""
    today = today or timezone.localdate()
    closed = 0
    for initiative in Initiative.objects.filter(
        status=Initiative.Status.COLLECTING, signing_ends__lt=today
    ):
        if selectors.signature_count(initiative) < (initiative.threshold or 0):
            workflow_move(
                obj=initiative,
                to=Initiative.Status.EXPIRED,
                actor=None,
                reason="signature period ended",
            )
            closed += 1
    return closed
