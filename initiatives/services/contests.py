"""Contests: create, edit, announce, open, close, extend, halt, dispatch a move."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.i18n import kyrgyz_fields, text_in
from municipality.models import AuditEntry, Notice
from municipality.services import (
    audit_record,
    event_texts,
    notice_publish,
)

from .. import permissions as perms
from ..models import (
    DEFAULT_CRITERIA,
    Contest,
    ContestFile,
    Criterion,
)
from .common import A, S, _contest_move, _notify
from .protocol import contest_results_approve, protocol_adopt, protocol_prepare

#: Fields staff edit; the services take the plain translated names (`title`) as Kyrgyz too.
CONTEST_FIELDS = [
    "title_ky",
    "title_ru",
    "description_ky",
    "description_ru",
    "resolution_number",
    "resolution_date",
    "budget",
    "max_per_project",
    "own_contribution_percent",
    "window_opens",
    "window_closes",
    "terms_of_reference_ky",
    "terms_of_reference_ru",
    "questions",
    "required_attachments",
    "public_support_phase",
    "pass_mark",
    "quorum_numerator",
    "quorum_denominator",
    "resolution_document",
]


# Contests ------------------------------------------------------------------------------


@transaction.atomic
def contest_create(*, actor, directions=(), files=(), **fields) -> Contest:
    """Create a draft contest with the default criteria."""
    if not perms.can_create_contest(actor):
        raise PermissionDenied
    fields = kyrgyz_fields(Contest, fields)
    contest = Contest(created_by=actor, **{k: v for k, v in fields.items() if k in CONTEST_FIELDS})
    contest.full_clean(exclude=["created_by"])
    contest.save()
    contest.directions.set(directions)
    for order, (name, name_ru, weight, max_score) in enumerate(DEFAULT_CRITERIA, start=1):
        Criterion.objects.create(
            contest=contest,
            name_ky=name,
            name_ru=name_ru,
            weight=Decimal(weight),
            max_score=max_score,
            order=order,
        )
    _contest_files_add(contest, files)
    audit_record(actor=actor, obj=contest, action=AuditEntry.Action.CREATE, new=contest.status)
    return contest


def _contest_files_add(contest, files):
    for upload in files:
        ContestFile.objects.create(
            contest=contest,
            file=upload,
            title=upload.name[:200],
            content_type=getattr(upload, "detected_type", ""),
            size=upload.size,
        )


@transaction.atomic
def contest_update(*, actor, contest: Contest, directions=None, files=(), **fields) -> Contest:
    """Change a contest's terms while it is a draft or announced."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not perms.can_update_contest(actor, contest):
        raise PermissionDenied
    fields = kyrgyz_fields(Contest, fields)
    before = {f: getattr(contest, f) for f in CONTEST_FIELDS}
    for key, value in fields.items():
        if key in CONTEST_FIELDS:
            setattr(contest, key, value)
    if contest.status == S.ANNOUNCED and contest.window_closes < before["window_closes"]:
        raise ValidationError(
            _("The published deadline (%(date)s) cannot be moved earlier.")
            % {"date": f"{before['window_closes']:%d.%m.%Y}"}
        )
    contest.full_clean(exclude=["created_by"])
    contest.save()
    if directions is not None:
        contest.directions.set(directions)
    _contest_files_add(contest, files)
    changes = {
        f: (before[f], getattr(contest, f))
        for f in CONTEST_FIELDS
        if before[f] != getattr(contest, f)
    }
    audit_record(actor=actor, obj=contest, action=AuditEntry.Action.UPDATE, changes=changes)
    return contest


@transaction.atomic
def contest_criteria_update(*, actor, contest: Contest, rows: list[dict]) -> list[Criterion]:
    """Replace the criteria with `rows` (name, name_ru, weight, max_score, order, id?, delete?)."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not perms.can_edit_criteria(actor, contest):
        raise ValidationError(_("Criteria are frozen once applications are accepted."))
    existing = {c.pk: c for c in contest.criteria.all()}
    kept = []
    for row in rows:
        row = kyrgyz_fields(Criterion, row)
        criterion = existing.get(row.get("id")) or Criterion(contest=contest)
        if row.get("delete"):
            if criterion.pk:
                criterion.delete()
            continue
        for key in ("name_ky", "name_ru", "weight", "max_score", "order"):
            if key in row and row[key] is not None:
                setattr(criterion, key, row[key])
        criterion.full_clean()
        criterion.save()
        kept.append(criterion)
    if not kept:
        raise ValidationError(_("A contest needs at least one criterion."))
    contest.criteria.exclude(pk__in=[c.pk for c in kept]).delete()
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"criteria": ("", "; ".join(f"{c.name} ×{c.weight}" for c in kept))},
    )
    return kept


@transaction.atomic
def contest_announce(*, actor, contest: Contest) -> Contest:
    """Publish the call on the notice board (contest category) and notify subscribers."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not contest.criteria.exists():
        raise ValidationError(_("A contest needs at least one criterion."))
    _contest_move(contest, to=S.ANNOUNCED, actor=actor)
    notice = notice_publish(
        actor=actor,
        category=Notice.Category.CONTEST,
        subject=contest,
        **event_texts(
            event="initiatives.contest_announced",
            context={
                "title": contest,
                "budget": contest.budget,
                "max": contest.max_per_project,
                "opens": f"{contest.window_opens:%d.%m.%Y}",
                "closes": f"{contest.window_closes:%d.%m.%Y}",
            },
        ),
        expire_at=timezone.make_aware(
            datetime.datetime.combine(
                contest.window_closes + datetime.timedelta(days=1), datetime.time.min
            )
        ),
    )
    contest.announcement = notice
    contest.save(update_fields=["announcement", "updated_at"])
    return contest


@transaction.atomic
def contest_open(*, actor, contest: Contest) -> Contest:
    """Start accepting applications; criteria freeze from here on."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    return _contest_move(contest, to=S.ACCEPTING, actor=actor)


@transaction.atomic
def contest_close_window(*, actor, contest: Contest) -> Contest:
    """Stop accepting applications and start the evaluation."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not contest.commission_order_id:
        raise ValidationError(_("The commission must be appointed by the head's order first."))
    if contest.applications.filter(status=A.SUBMITTED).exists():
        raise ValidationError(_("Check the eligibility of every submitted application first."))
    if timezone.localdate() <= contest.window_closes:
        raise ValidationError(
            _(
                "Applications are accepted until %(date)s as announced; the window cannot close "
                "before then. Extend the window with a notice if needed."
            )
            % {"date": f"{contest.window_closes:%d.%m.%Y}"}
        )
    return _contest_move(contest, to=S.EVALUATION, actor=actor)


@transaction.atomic
def contest_extend_window(*, actor, contest: Contest, closes: datetime.date) -> Contest:
    """Move the published deadline later and say so on the notice board."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not perms.can_extend_window(actor, contest):
        raise PermissionDenied
    if closes <= contest.window_closes:
        raise ValidationError(
            _("The new deadline must be later than the current one (%(date)s).")
            % {"date": f"{contest.window_closes:%d.%m.%Y}"}
        )
    old = contest.window_closes
    contest.window_closes = closes
    contest.save(update_fields=["window_closes", "updated_at"])
    audit_record(
        actor=actor,
        obj=contest,
        action=AuditEntry.Action.UPDATE,
        changes={"window_closes": (str(old), str(closes))},
    )
    title_ky, title_ru = text_in(contest, "title"), text_in(contest, "title", "ru")
    notice_publish(
        actor=actor,
        category=Notice.Category.CONTEST,
        subject=contest,
        title=f"Сынакка өтүнмө кабыл алуу узартылды: {title_ky}",
        body=(f"Өтүнмөлөр {old:%d.%m.%Y} ордуна {closes:%d.%m.%Y} чейин кабыл алынат."),
        title_ru=f"Приём заявок на конкурс продлён: {title_ru}",
        body_ru=f"Заявки принимаются до {closes:%d.%m.%Y} вместо {old:%d.%m.%Y}.",
    )
    return contest


def _contest_halt(*, actor, contest: Contest, to: str, reason: str) -> Contest:
    if not reason.strip():
        raise ValidationError(_("Give the reason; it is published with the notice."))
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    _contest_move(contest, to=to, actor=actor, reason=reason)
    title_ky, title_ru = text_in(contest, "title"), text_in(contest, "title", "ru")
    if to == S.POSTPONED:
        titles = (
            f"Сынак убактылуу токтотулду: {title_ky}",
            f"Конкурс отложен: {title_ru}",
        )
    else:
        titles = (f"Сынак жокко чыгарылды: {title_ky}", f"Конкурс отменён: {title_ru}")
    notice_publish(
        actor=actor,
        category=Notice.Category.CONTEST,
        subject=contest,
        title=titles[0],
        body=f"Себеби: {reason}",
        title_ru=titles[1],
        body_ru=f"Причина: {reason}",
    )
    for application in contest.applications.exclude(status=A.DRAFT).select_related("applicant"):
        _notify(
            application.applicant,
            key=f"initiatives:halt:{contest.pk}:{to}:{application.pk}",
            event="contest_halted",
            contest=contest,
            reason=reason,
        )
    return contest


@transaction.atomic
def contest_postpone(*, actor, contest: Contest, reason: str = "") -> Contest:
    """Put the contest on hold with a published reason (announce it again to resume)."""
    return _contest_halt(actor=actor, contest=contest, to=S.POSTPONED, reason=reason)


@transaction.atomic
def contest_cancel(*, actor, contest: Contest, reason: str = "") -> Contest:
    """Cancel the contest with a published reason (seed 003: the Нооруз contest, quarantine)."""
    return _contest_halt(actor=actor, contest=contest, to=S.CANCELLED, reason=reason)


@transaction.atomic
def contest_start_implementation(*, actor, contest: Contest) -> Contest:
    """Move a contest with approved results to implementation."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    return _contest_move(contest, to=S.IMPLEMENTATION, actor=actor)


@transaction.atomic
def contest_close(*, actor, contest: Contest, reason="") -> Contest:
    """Close a contest, with the reason."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    return _contest_move(contest, to=S.CLOSED, actor=actor, reason=reason)


CONTEST_ACTIONS = {
    S.ANNOUNCED: contest_announce,
    S.ACCEPTING: contest_open,
    S.EVALUATION: contest_close_window,
    S.PROTOCOL: protocol_prepare,
    S.ADOPTED: protocol_adopt,
    S.RESULTS: contest_results_approve,
    S.IMPLEMENTATION: contest_start_implementation,
    S.CLOSED: contest_close,
    S.POSTPONED: contest_postpone,
    S.CANCELLED: contest_cancel,
}
WITH_REASON = {S.POSTPONED, S.CANCELLED, S.CLOSED}


def contest_move(*, actor, contest: Contest, to: str, reason: str = "") -> Contest:
    """Dispatch a status move to its service."""
    service = CONTEST_ACTIONS.get(to)
    if service is None:
        raise ValidationError(_("Unknown action."))
    if to in WITH_REASON:
        return service(actor=actor, contest=contest, reason=reason)
    return service(actor=actor, contest=contest)
