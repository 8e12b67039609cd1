"""Every write of the kenesh app: keyword-only, atomic, audited through the kernel."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipality.models import AuditEntry, Notice, OfficialDocument, Person
from municipality.models.people import name_key
from municipality.phones import phone_normalize
from municipality.services import (
    audit_record,
    document_issue,
    notice_publish,
    workflow_check,
    workflow_move,
)
from municipality.services.attendance import attendance_record
from municipality.services.outbox import user_notify
from municipality.services.people import person_create

from . import permissions as perms
from . import selectors
from .models import (
    AgendaItem,
    Charter,
    Decision,
    Deputy,
    Initiative,
    PaperSheet,
    Petition,
    Resolution,
    Session,
    SessionRegistration,
    Signature,
)

KYRGYZ = "ky"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# The charter and the deputies


@transaction.atomic
def charter_save(
    *, actor, number: str, adopted_on: datetime.date | None, signature_threshold: int | None
) -> Charter:
    """Record the community charter's number, date and its own signature threshold."""
    _require(perms.can_manage_kenesh(actor))
    charter = Charter.objects.select_for_update().first() or Charter()
    old = {
        "number": charter.number,
        "adopted_on": charter.adopted_on,
        "signature_threshold": charter.signature_threshold,
    }
    charter.number = number
    charter.adopted_on = adopted_on
    charter.signature_threshold = signature_threshold
    charter.save()
    changes = {
        key: (value, getattr(charter, key))
        for key, value in old.items()
        if value != getattr(charter, key)
    }
    audit_record(actor=actor, obj=charter, action=AuditEntry.Action.UPDATE, changes=changes)
    return charter


@transaction.atomic
def deputy_create(*, actor, **fields) -> Deputy:
    """Add a deputy of the kenesh for a term."""
    _require(perms.can_manage_kenesh(actor))
    deputy = Deputy(**fields)
    deputy.full_clean()
    deputy.save()
    audit_record(actor=actor, obj=deputy, action=AuditEntry.Action.CREATE)
    return deputy


# Sessions and their agenda


@transaction.atomic
def session_create(
    *,
    actor,
    convocation: int,
    number: int,
    starts_at: datetime.datetime,
    place: str,
    is_closed: bool = False,
    closed_reason: str = "",
) -> Session:
    """Prepare a session; hearing proposals forwarded to the kenesh join its agenda."""
    _require(perms.can_manage_kenesh(actor))
    if is_closed and not closed_reason.strip():
        raise ValidationError(
            {"closed_reason": _("A session is closed only for a state secret: write the reason.")}
        )
    if Session.objects.filter(convocation=convocation, number=number).exists():
        raise ValidationError(
            {"number": _("This convocation already has a session with this number.")}
        )
    session = Session.objects.create(
        convocation=convocation,
        number=number,
        starts_at=starts_at,
        place=place,
        is_closed=is_closed,
        closed_reason=closed_reason if is_closed else "",
    )
    audit_record(actor=actor, obj=session, action=AuditEntry.Action.CREATE)
    forwarded_proposals_add(session=session, actor=actor)
    return session


def forwarded_proposals_add(*, session: Session, actor) -> list[AgendaItem]:
    """Put every budget-hearing proposal forwarded to the kenesh, and not yet on an agenda,
    on this session's agenda."""
    items = []
    for proposal in selectors.proposals_forwarded_waiting():
        with override(KYRGYZ):
            title = _("Budget hearing proposal: %(text)s") % {"text": proposal.text[:300]}
        items.append(
            agenda_item_add(
                actor=actor,
                session=session,
                title=title,
                description=proposal.text,
                source=AgendaItem.Source.HEARING,
                proposal=proposal,
            )
        )
    return items


def _next_order(session: Session) -> int:
    last = session.items.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def agenda_item_add(
    *,
    actor,
    session: Session,
    title: str,
    description: str = "",
    material=None,
    source: str = AgendaItem.Source.KENESH,
    initiative: Initiative | None = None,
    proposal=None,
) -> AgendaItem:
    """Add an item to a session's agenda while the session is being prepared."""
    _require(perms.can_manage_kenesh(actor))
    if session.status != Session.Status.DRAFT:
        raise ValidationError(
            _("The agenda of an announced session cannot change: announce a new session.")
        )
    item = AgendaItem(
        session=session,
        order=_next_order(session),
        title=title[:500],
        description=description,
        source=source,
        initiative=initiative,
        proposal=proposal,
    )
    if material:
        item.material.save(material.name, material, save=False)
    item.save()
    audit_record(actor=actor, obj=item, action=AuditEntry.Action.CREATE)
    return item


def announce_deadline(starts_at: datetime.datetime) -> datetime.date:
    """The last day a session starting at `starts_at` may be announced."""
    day = timezone.localtime(starts_at).date()
    return day - datetime.timedelta(days=settings.KENESH_NOTICE_DAYS)


@transaction.atomic
def session_announce(*, actor, session: Session, today: datetime.date | None = None) -> Session:
    """Announce the date, place and agenda on the notice board at least N days ahead."""
    _require(perms.can_manage_kenesh(actor))
    today = today or timezone.localdate()
    if today > announce_deadline(session.starts_at):
        raise ValidationError(
            _(
                "A session must be announced at least %(days)s days before it starts: "
                "move the date to %(date)s or later."
            ),
            params={
                "days": settings.KENESH_NOTICE_DAYS,
                "date": (today + datetime.timedelta(days=settings.KENESH_NOTICE_DAYS)).strftime(
                    "%d.%m.%Y"
                ),
            },
        )
    items = list(session.items.all())
    if not items:
        raise ValidationError(_("Add at least one item to the agenda first."))
    texts = {}
    for language in ("ky", "ru"):
        with override(language):
            texts[language] = (
                _("Kenesh session %(number)s: %(date)s")
                % {
                    "number": session.number,
                    "date": timezone.localtime(session.starts_at).strftime("%d.%m.%Y %H:%M"),
                },
                "\n".join(
                    [_("Agenda:")]
                    + [f"{item.order}. {item.title}" for item in items]
                    + (
                        [
                            _("The session is closed: %(reason)s")
                            % {"reason": session.closed_reason}
                        ]
                        if session.is_closed
                        else [_("The session is open: residents may come and listen.")]
                    )
                ),
            )
    session.notice = notice_publish(
        actor=actor,
        category=Notice.Category.KENESH,
        title=texts["ky"][0],
        body=texts["ky"][1],
        title_ru=texts["ru"][0],
        body_ru=texts["ru"][1],
        subject=session,
        event_at=session.starts_at,
        place=session.place,
    )
    session.announced_at = timezone.now()
    return workflow_move(
        obj=session,
        to=Session.Status.ANNOUNCED,
        actor=actor,
        permission=perms.can_manage_kenesh_obj,
        extra_fields=["notice", "announced_at"],
    )


@transaction.atomic
def session_register(*, session: Session, user) -> SessionRegistration:
    """A resident registers to attend an announced open session (once)."""
    if not user.is_authenticated:
        raise PermissionDenied
    if session.status != Session.Status.ANNOUNCED or session.starts_at <= timezone.now():
        raise ValidationError(_("Registration is open only before an announced session."))
    if session.is_closed:
        raise ValidationError(_("This session is closed to the public."))
    registration, _created = SessionRegistration.objects.get_or_create(session=session, user=user)
    return registration


@transaction.atomic
def session_hold(
    *,
    actor,
    session: Session,
    deputies_present: Iterable[Deputy],
    attendance: dict | None = None,
    villages: dict | None = None,
) -> Session:
    """Record that the session took place: the deputies present and how many residents came."""
    _require(perms.can_manage_kenesh(actor))
    if timezone.now() < session.starts_at:
        raise ValidationError(_("The session has not started yet."))
    session = workflow_move(
        obj=session, to=Session.Status.HELD, actor=actor, permission=perms.can_manage_kenesh_obj
    )
    present = list(deputies_present)
    day = timezone.localtime(session.starts_at).date()
    outside = [d.full_name for d in present if not d.in_office(day)]
    if outside:
        raise ValidationError(
            _("Not a deputy on the day of the session: %(names)s"),
            params={"names": ", ".join(outside)},
        )
    session.deputies_present.set(present)
    if attendance is not None:
        session.attendance = attendance_record(
            attendance=session.attendance,
            values=attendance,
            villages=villages,
            held_on=day,
            source="kenesh.session",
        )
        session.save(update_fields=["attendance"])
    audit_record(
        actor=actor,
        obj=session,
        action=AuditEntry.Action.UPDATE,
        changes={"deputies_present": ("", ", ".join(d.full_name for d in present))},
    )
    return session


@transaction.atomic
def initiators_invite(*, actor, item: AgendaItem, how: str) -> AgendaItem:
    """Record that the initiators of an initiative were invited to the session."""
    _require(perms.can_manage_kenesh(actor))
    if item.initiative_id is None:
        raise ValidationError(_("Only an initiative's item has initiators to invite."))
    if not how.strip():
        raise ValidationError({"how": _("Write how and when the initiators were invited.")})
    item.initiators_invited_at = timezone.now()
    item.initiators_invitation = how.strip()[:300]
    item.save(update_fields=["initiators_invited_at", "initiators_invitation"])
    audit_record(
        actor=actor,
        obj=item,
        action=AuditEntry.Action.UPDATE,
        changes={"initiators_invitation": ("", item.initiators_invitation)},
    )
    return item


@transaction.atomic
def decision_record(
    *,
    actor,
    item: AgendaItem,
    outcome: str,
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstained: int = 0,
    reasons: str = "",
    initiators_present: bool = False,
    resolution_title: str = "",
    resolution_text: str = "",
) -> Decision:
    """Record the decision on an agenda item with its vote; an adopted one becomes a
    resolution in the register (published with `resolution_publish`).

    An initiative is decided only with its initiators invited (recorded) and present;
    otherwise the only decision allowed is "postponed"."""
    _require(perms.can_manage_kenesh(actor))
    session = Session.objects.select_for_update().get(pk=item.session_id)
    if session.status != Session.Status.HELD:
        raise ValidationError(_("Record first that the session took place and who was present."))
    if hasattr(item, "decision"):
        raise ValidationError(_("This item already has a decision."))
    quorum = selectors.session_quorum(session)
    if outcome != Decision.Outcome.POSTPONED and not quorum.reached:
        raise ValidationError(
            _(
                "No quorum: %(present)s deputies present, more than %(needed)s needed. "
                "The only decision possible is “postponed”."
            ),
            params={"present": quorum.present, "needed": quorum.needed},
        )
    if votes_for + votes_against + votes_abstained > quorum.present:
        raise ValidationError(
            _("More votes than deputies present (%(present)s)."),
            params={"present": quorum.present},
        )
    if item.initiative_id and outcome != Decision.Outcome.POSTPONED:
        if item.initiators_invited_at is None:
            raise ValidationError(
                _(
                    "The initiators were not invited to this session (no invitation is "
                    "recorded). The initiative cannot be decided: choose “postponed”."
                )
            )
        if not initiators_present:
            raise ValidationError(
                _(
                    "The initiators are not present. The initiative cannot be decided without "
                    "them: choose “postponed”."
                )
            )
    if outcome == Decision.Outcome.ADOPTED and not resolution_text.strip():
        raise ValidationError({"resolution_text": _("Write the text of the resolution.")})
    decision = Decision.objects.create(
        item=item,
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstained=votes_abstained,
        reasons=reasons,
        initiators_present=initiators_present,
        recorded_by=actor,
    )
    audit_record(actor=actor, obj=decision, action=AuditEntry.Action.CREATE, new=outcome)
    if outcome == Decision.Outcome.ADOPTED:
        resolution = Resolution.objects.create(
            decision=decision,
            session=session,
            adopted_on=timezone.localtime(session.starts_at).date(),
            title=(resolution_title or item.title)[:500],
            text=resolution_text,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstained=votes_abstained,
        )
        audit_record(actor=actor, obj=resolution, action=AuditEntry.Action.CREATE)
    if item.initiative_id and outcome != Decision.Outcome.POSTPONED:
        _initiative_decided(actor=actor, item=item, decision=decision)
    return decision


def _initiative_decided(*, actor, item: AgendaItem, decision: Decision) -> None:
    initiative = item.initiative
    to = (
        Initiative.Status.ADOPTED
        if decision.outcome == Decision.Outcome.ADOPTED
        else Initiative.Status.REJECTED
    )
    initiative.decision_note = decision.reasons
    workflow_move(
        obj=initiative, to=to, actor=actor, reason=decision.reasons, extra_fields=["decision_note"]
    )
    texts = {}
    for language in ("ky", "ru"):
        with override(language):
            texts[language] = (
                _("Decision of the kenesh on the people's initiative: %(title)s")
                % {"title": initiative.title},
                "{}: {}\n{}".format(
                    _("Decision"), decision.get_outcome_display(), decision.reasons
                ).strip(),
            )
    notice_publish(
        actor=actor,
        category=Notice.Category.KENESH,
        title=texts["ky"][0],
        body=texts["ky"][1],
        title_ru=texts["ru"][0],
        body_ru=texts["ru"][1],
        subject=initiative,
    )
    users = {s.user for s in selectors.initiative_news_signers(initiative)}
    if initiative.filed_by:
        users.add(initiative.filed_by)
    for user in users:
        with override(user.language or KYRGYZ):
            subject = _("Decision of the kenesh on the people's initiative: %(title)s") % {
                "title": initiative.title
            }
            body = "{}: {}\n{}".format(
                _("Decision"), decision.get_outcome_display(), decision.reasons
            ).strip()
        user_notify(
            user=user,
            subject=subject,
            body=body,
            idempotency_key=f"kenesh:initiative:{initiative.pk}:decision:{user.pk}",
        )


# The register of resolutions


@transaction.atomic
def resolution_register(
    *,
    actor,
    number: str,
    adopted_on: datetime.date,
    title: str,
    text: str,
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstained: int = 0,
    session: Session | None = None,
) -> Resolution:
    """Enter a resolution adopted outside the portal (an earlier one) into the register."""
    _require(perms.can_manage_kenesh(actor))
    resolution = Resolution.objects.create(
        number=number.strip(),
        adopted_on=adopted_on,
        title=title,
        text=text,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstained=votes_abstained,
        session=session,
    )
    audit_record(actor=actor, obj=resolution, action=AuditEntry.Action.CREATE)
    return resolution


def resolution_link_typed(*, resolution: Resolution) -> int:
    """Link the contests and monitoring groups that typed this published resolution's number
    and date (and have no register entry yet) to it; returns how many."""
    from initiatives.models import Contest
    from monitoring.models import MonitoringGroup

    if not resolution.number:
        return 0
    linked = 0
    for model in (Contest, MonitoringGroup):
        linked += model.objects.filter(
            resolution_number=resolution.number,
            resolution_date=resolution.adopted_on,
            kenesh_resolution__isnull=True,
        ).update(kenesh_resolution=resolution)
    return linked


@transaction.atomic
def resolution_publish(*, actor, resolution: Resolution, signer_name: str = "") -> Resolution:
    """Issue the resolution's PDF, number it in the register when it has no number, and
    publish it on the notice board. The Russian PDF is rendered from the same record and
    document (same number) by `selectors.resolution_pdf`."""
    _require(perms.can_manage_kenesh(actor))
    workflow_check(obj=resolution, to=Resolution.Status.PUBLISHED, actor=actor)
    with override(KYRGYZ):
        position = _("Chair of the ayil kenesh")
    resolution.document = document_issue(
        kind=OfficialDocument.Kind.RESOLUTION,
        subject=resolution,
        title=resolution.title,
        template_name="kenesh/pdf/resolution.html",
        actor=actor,
        signer_name=signer_name,
        signer_position=position,
        date=resolution.adopted_on,
    )
    if not resolution.number:
        resolution.number = str(resolution.document.number)
    texts = {}
    for language in ("ky", "ru"):
        with override(language):
            texts[language] = (
                _("Kenesh resolution № %(number)s of %(date)s: %(title)s")
                % {
                    "number": resolution.number,
                    "date": resolution.adopted_on.strftime("%d.%m.%Y"),
                    "title": resolution.title,
                },
                resolution.text,
            )
    resolution.notice = notice_publish(
        actor=actor,
        category=Notice.Category.KENESH,
        title=texts["ky"][0][:300],
        body=texts["ky"][1],
        title_ru=texts["ru"][0][:300],
        body_ru=texts["ru"][1],
        subject=resolution,
    )
    resolution.published_at = timezone.now()
    resolution = workflow_move(
        obj=resolution,
        to=Resolution.Status.PUBLISHED,
        actor=actor,
        extra_fields=["document", "number", "notice", "published_at"],
    )
    resolution_link_typed(resolution=resolution)
    return resolution


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
                    "date": initiative.signing_ends.strftime("%d.%m.%Y"),
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


def _online_signer_check(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied
    if not user.phone or user.phone_confirmed_at is None:
        raise ValidationError(
            _("Confirm your phone number with the SMS code first: only then can you sign.")
        )
    if user.village_id is None:
        raise ValidationError(
            _(
                "Only residents of the municipality sign: choose your village in your account "
                "first."
            )
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


def _person_of_line(*, actor, line: dict) -> Person:
    """The register's record of a sheet's line: found by name, birth year and village, or
    entered with the written consent the sheet carries."""
    key = name_key(line["full_name"])
    existing = Person.objects.filter(
        name_key=key, village=line["village"], birth_year=line.get("birth_year")
    ).first()
    if existing:
        return existing
    return person_create(
        actor=actor,
        full_name=line["full_name"],
        village=line["village"],
        address=line.get("address") or "",
        sex="",
        birth_year=line.get("birth_year"),
        phone=line.get("phone") or "",
        consent=Person.Consent.WRITTEN,
    )


def _line_refusal(initiative: Initiative, line: dict, person: Person | None) -> str:
    """Why a sheet's line cannot count, or ""."""
    name = line["full_name"]
    if line.get("village") is None:
        return _("%(name)s: no village of the municipality; only its residents sign.") % {
            "name": name
        }
    signed_on = line.get("signed_on")
    if signed_on is None or signed_on > initiative.signing_ends:
        return _("%(name)s: signed after the signature period ended.") % {"name": name}
    if (
        initiative.registered_at
        and signed_on < timezone.localtime(initiative.registered_at).date()
    ):
        return _("%(name)s: signed before the initiative was registered.") % {"name": name}
    if (
        person is not None
        and Signature.objects.filter(initiative=initiative, person=person).exists()
    ):
        return _("%(name)s: has already signed on paper.") % {"name": name}
    online = Signature.objects.filter(
        initiative=initiative, user__isnull=False, withdrawn_at__isnull=True
    )
    key = name_key(name)
    village_id = line["village"].pk
    phone = phone_normalize(raw=line.get("phone") or (person.phone if person else "") or "")
    linked_user = person.user_id if person is not None else None
    if (
        (linked_user and online.filter(user_id=linked_user).exists())
        or (phone and online.filter(user__phone=phone).exists())
        or any(
            name_key(s.user.full_name) == key and s.user.village_id == village_id
            for s in online.select_related("user")
        )
    ):
        return _("%(name)s: has already signed online.") % {"name": name}
    return ""


@transaction.atomic
def sheet_enter(
    *, actor, initiative: Initiative, scan, lines: list[dict]
) -> tuple[PaperSheet, list[Signature], list[str]]:
    """Enter a signed paper sheet with its scan: each line becomes a person in the register
    and a paper signature; the lines that cannot count are returned with the reason."""
    _require(perms.can_enter_sheet(actor))
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status != Initiative.Status.COLLECTING:
        raise ValidationError(_("This initiative is not collecting signatures."))
    if not lines:
        raise ValidationError(_("Enter at least one signer of the sheet."))
    sheet = PaperSheet(initiative=initiative, entered_by=actor)
    sheet.scan.save(scan.name, scan, save=False)
    sheet.save()
    accepted, refused = [], []
    for line in lines:
        person = None
        if line.get("village") is not None:
            key = name_key(line["full_name"])
            person = Person.objects.filter(
                name_key=key, village=line["village"], birth_year=line.get("birth_year")
            ).first()
        reason = _line_refusal(initiative, line, person)
        if reason:
            refused.append(reason)
            continue
        person = person or _person_of_line(actor=actor, line=line)
        accepted.append(
            Signature.objects.create(
                initiative=initiative,
                person=person,
                sheet=sheet,
                kind=Signature.Kind.PAPER,
                signed_on=line["signed_on"],
            )
        )
    audit_record(
        actor=actor,
        obj=sheet,
        action=AuditEntry.Action.CREATE,
        changes={"signatures": ("", str(len(accepted))), "refused": ("", "; ".join(refused))},
    )
    return sheet, accepted, refused


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


# Petitions


@transaction.atomic
def petition_file(*, actor, title: str, text: str) -> Petition:
    """A resident files a petition to the ayil okmotu and supports it first."""
    _online_signer_check(actor)
    petition = Petition.objects.create(title=title, text=text, filed_by=actor)
    audit_record(actor=actor, obj=petition, action=AuditEntry.Action.CREATE)
    petition_support(petition=petition, user=actor)
    return petition


@transaction.atomic
def petition_support(*, petition: Petition, user, show_name: bool = False) -> Signature:
    """Support a petition; at the threshold the answer's deadline starts."""
    _online_signer_check(user)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.status != Petition.Status.OPEN:
        raise ValidationError(_("This petition has been answered."))
    signature = Signature.objects.filter(petition=petition, user=user).first()
    if signature and signature.withdrawn_at is None:
        raise ValidationError(_("You already support this petition."))
    today = timezone.localdate()
    if signature:
        signature.withdrawn_at = None
        signature.save(update_fields=["withdrawn_at"])
    else:
        signature = Signature.objects.create(
            petition=petition,
            user=user,
            kind=Signature.Kind.ONLINE,
            signed_on=today,
            show_name=show_name,
        )
    if (
        petition.threshold_reached_at is None
        and selectors.signature_count(petition) >= settings.KENESH_PETITION_THRESHOLD
    ):
        petition.threshold_reached_at = timezone.now()
        petition.answer_due = today + datetime.timedelta(days=settings.KENESH_PETITION_ANSWER_DAYS)
        petition.save(update_fields=["threshold_reached_at", "answer_due", "updated_at"])
    return signature


@transaction.atomic
def petition_answer(*, actor, petition: Petition, answer: str) -> Petition:
    """The ayil okmotu's public answer."""
    _require(perms.can_answer_petition(actor))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    petition.answer = answer
    petition.answered_at = timezone.now()
    petition.answered_by = actor
    petition = workflow_move(
        obj=petition,
        to=Petition.Status.ANSWERED,
        actor=actor,
        extra_fields=["answer", "answered_at", "answered_by"],
    )
    if petition.filed_by:
        with override(petition.filed_by.language or KYRGYZ):
            subject = _("Answer to your petition: %(title)s") % {"title": petition.title}
        user_notify(
            user=petition.filed_by,
            subject=subject,
            body=answer,
            idempotency_key=f"kenesh:petition:{petition.pk}:answer",
        )
    return petition
