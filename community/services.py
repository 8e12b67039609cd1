"""Every write of the community app: keyword-only, atomic, audited, permission checked."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.i18n import in_kyrgyz
from municipality.models import AuditEntry, Notice, OfficialDocument
from municipality.services import document_issue
from municipality.services.attendance import attendance_record
from municipality.services.audit import audit_record
from municipality.services.notices import notice_publish
from municipality.services.workflow import workflow_move

from . import permissions as perms
from .models import (
    AnnualReport,
    Assessment,
    Gathering,
    InitiativeGroup,
    InitiativeGroupMember,
    Priority,
    PriorityLink,
    Problem,
)


#: Document titles (msgids rendered in Kyrgyz for the record, in Russian for the copy).
REPORT_TITLE = gettext_lazy("Report of the ayil okmotu to the population for %(year)s")
MINUTES_TITLE = gettext_lazy("Minutes: %(title)s")


def _check(actor) -> None:
    if not perms.can_manage_community(actor):
        raise PermissionDenied


# Gatherings and kurultai


@transaction.atomic
def gathering_announce(
    *,
    actor,
    kind: str,
    title: str,
    agenda: str,
    starts_at: datetime.datetime,
    place: str,
    village=None,
    title_ru: str = "",
    agenda_ru: str = "",
    place_ru: str = "",
) -> Gathering:
    """Announce a gathering or kurultai with its agenda, date and place on the notice board."""
    _check(actor)
    gathering = Gathering.objects.create(
        kind=kind,
        title_ky=title,
        title_ru=title_ru,
        agenda_ky=agenda,
        agenda_ru=agenda_ru,
        place_ky=place,
        place_ru=place_ru,
        starts_at=starts_at,
        village=village,
        created_by=actor,
    )
    audit_record(actor=actor, obj=gathering, action=AuditEntry.Action.CREATE)
    gathering.notice = notice_publish(
        actor=actor,
        category=Notice.Category.GENERAL,
        title=title,
        title_ru=title_ru or title,
        body=agenda,
        body_ru=agenda_ru or agenda,
        subject=gathering,
        event_at=starts_at,
        place=place,
        place_ru=place_ru or place,
    )
    gathering.save(update_fields=["notice"])
    return gathering


@transaction.atomic
def gathering_hold(
    *,
    gathering: Gathering,
    actor,
    held_on: datetime.date,
    minutes: str,
    decisions: str,
    chair_name: str,
    secretary_name: str = "",
    attendance: dict,
    villages: dict | None = None,
) -> Gathering:
    """Record that the gathering took place: minutes, decisions and who came.

    The counts go through the kernel's `attendance_record` (a total is required and no
    breakdown may exceed it); then the minutes protocol PDF is issued in the registry.
    """
    _check(actor)
    gathering.attendance = attendance_record(
        attendance=gathering.attendance,
        values=attendance,
        villages=villages,
        held_on=held_on,
        source="community.gathering",
        require_total=True,
    )
    gathering.held_on = held_on
    gathering.minutes = minutes
    gathering.decisions = decisions
    gathering.chair_name = chair_name
    gathering.secretary_name = secretary_name
    workflow_move(
        obj=gathering,
        to=Gathering.Status.HELD,
        actor=actor,
        extra_fields=[
            "attendance",
            "held_on",
            "minutes",
            "decisions",
            "chair_name",
            "secretary_name",
        ],
    )
    gathering.document = document_issue(
        kind=OfficialDocument.Kind.PROTOCOL,
        subject=gathering,
        title=in_kyrgyz(MINUTES_TITLE, title=gathering.title_ky),
        template_name="community/pdf/minutes.html",
        actor=actor,
        signer_name=chair_name,
        signer_position=_("Chair of the gathering"),
        date=held_on,
    )
    gathering.save(update_fields=["document"])
    return gathering


@transaction.atomic
def gathering_cancel(*, gathering: Gathering, actor, reason: str) -> Gathering:
    """Call an announced gathering off; the reason is kept in the audit log."""
    _check(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the gathering is cancelled.")})
    return workflow_move(obj=gathering, to=Gathering.Status.CANCELLED, actor=actor, reason=reason)


# Needs assessment (ЭКБА)


def _problem_ranks(problems: list[dict], method: str) -> list[dict]:
    """Check the ranking; by vote the ranks follow the votes, equal votes sharing a rank."""
    if not problems:
        raise ValidationError(_("Name at least one problem."))
    rows = [dict(row) for row in problems]
    for row in rows:
        row["title"] = " ".join((row.get("title") or "").split())
        if not row["title"]:
            raise ValidationError(_("Every problem needs a name."))
    if method == Assessment.Method.VOTE:
        if any(row.get("votes") is None for row in rows):
            raise ValidationError(_("By vote, give the number of votes for every problem."))
        for row in rows:
            # Competition ranking: 10, 10, 7 votes → ranks 1, 1, 3 (a tie stays a tie).
            row["rank"] = 1 + sum(1 for other in rows if other["votes"] > row["votes"])
    else:
        if any(not row.get("rank") or row["rank"] < 1 for row in rows):
            raise ValidationError(_("Give every problem its rank: 1 is the most important."))
        for row in rows:
            row["votes"] = None
    return rows


@transaction.atomic
def assessment_record(
    *,
    actor,
    village,
    held_on: datetime.date,
    method: str,
    problems: list[dict],
    attendance: dict,
    villages: dict | None = None,
    place: str = "",
    situation: str = "",
    deputies_present: str = "",
    staff_present: str = "",
) -> Assessment:
    """Record a needs assessment meeting in a village with its ranked problems.

    `problems` holds dicts of title, causes, consequences and rank (by consensus) or
    votes (by vote: the ranks are computed, ties recorded as ties). The participants
    are counted with the kernel's attendance rules.
    """
    _check(actor)
    rows = _problem_ranks(problems, method)
    assessment = Assessment(
        village=village,
        held_on=held_on,
        place=place,
        situation=situation,
        method=method,
        deputies_present=deputies_present,
        staff_present=staff_present,
        recorded_by=actor,
    )
    assessment.attendance = attendance_record(
        attendance=None,
        values=attendance,
        villages=villages or {village: attendance.get("attendance_total") or 0},
        held_on=held_on,
        source="community.assessment",
        require_total=True,
    )
    assessment.save()
    Problem.objects.bulk_create(
        Problem(
            assessment=assessment,
            title=row["title"],
            causes=row.get("causes") or "",
            consequences=row.get("consequences") or "",
            rank=row["rank"],
            votes=row.get("votes"),
        )
        for row in rows
    )
    audit_record(actor=actor, obj=assessment, action=AuditEntry.Action.CREATE)
    return assessment


# The priority register


@transaction.atomic
def priority_create(
    *,
    actor,
    title: str,
    rank: int,
    local_issue=None,
    problems=(),
    villages=(),
    description: str = "",
    title_ru: str = "",
    description_ru: str = "",
) -> Priority:
    """Enter a priority in the register from the problems the villages raised.

    `local_issue` None means "other / outside the competence of local self-government".
    The villages are those of the problems' meetings plus any given.
    """
    _check(actor)
    if not rank or rank < 1:
        raise ValidationError({"rank": _("The rank is 1 or more.")})
    priority = Priority.objects.create(
        title_ky=title,
        title_ru=title_ru,
        description_ky=description,
        description_ru=description_ru,
        local_issue=local_issue,
        rank=rank,
    )
    village_ids = {v.pk for v in villages}
    for problem in problems:
        if problem.priority_id is not None:
            raise ValidationError(_("This problem is already in the register."))
        problem.priority = priority
        problem.save(update_fields=["priority"])
        village_ids.add(problem.assessment.village_id)
    if not village_ids:
        raise ValidationError(_("Name the villages that raised the priority."))
    priority.villages.set(village_ids)
    audit_record(actor=actor, obj=priority, action=AuditEntry.Action.CREATE)
    return priority


@transaction.atomic
def problem_attach(*, problem: Problem, priority: Priority, actor) -> Problem:
    """Count a problem one more village raised under an existing priority."""
    _check(actor)
    if problem.priority_id is not None:
        raise ValidationError(_("This problem is already in the register."))
    problem.priority = priority
    problem.save(update_fields=["priority"])
    priority.villages.add(problem.assessment.village_id)
    audit_record(actor=actor, obj=priority, reason=f"problem #{problem.pk}")
    return problem


@transaction.atomic
def priority_close(*, priority: Priority, actor, reason: str) -> Priority:
    """Close a priority with a reason (it is never deleted once the cycle refers to it)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the priority is closed.")})
    priority.close_reason = reason.strip()
    return workflow_move(
        obj=priority,
        to=Priority.Status.CLOSED,
        actor=actor,
        reason=reason,
        permission=perms.can_close_priority,
        extra_fields=["close_reason"],
    )


@transaction.atomic
def priority_delete(*, priority: Priority, actor) -> None:
    """Delete a priority entered by mistake; refused once anything refers to it."""
    _check(actor)
    if (
        priority.links.exists()
        or priority.initiative_groups.exists()
        or priority.annual_reports.exists()
    ):
        raise ValidationError(
            _(
                "A plan, budget line, contest or group refers to this priority: it cannot be "
                "deleted. Close it with a reason instead."
            )
        )
    audit_record(actor=actor, obj=priority, action=AuditEntry.Action.DELETE)
    priority.problems.update(priority=None)
    priority.delete()


@transaction.atomic
def priority_link(*, priority: Priority, actor, **target) -> PriorityLink:
    """Tie a priority to what the cycle did about it: one plan activity, budget line,
    contest application or monitoring protocol (pass exactly one)."""
    _check(actor)
    given = {k: v for k, v in target.items() if v is not None}
    if len(given) != 1 or not set(given) <= set(PriorityLink.TARGETS):
        raise ValidationError(_("Choose one thing to link."))
    ((name, obj),) = given.items()
    if PriorityLink.objects.filter(priority=priority, **{name: obj}).exists():
        raise ValidationError(_("This is already linked to the priority."))
    link = PriorityLink.objects.create(priority=priority, created_by=actor, **given)
    audit_record(actor=actor, obj=priority, reason=f"link {name} #{obj.pk}")
    return link


@transaction.atomic
def priority_unlink(*, link: PriorityLink, actor) -> None:
    _check(actor)
    audit_record(actor=actor, obj=link.priority, reason=f"unlink #{link.pk}")
    link.delete()


# Initiative groups


@transaction.atomic
def initiative_group_create(
    *, priority: Priority, actor, name: str, formed_on: datetime.date, members: list[dict]
) -> InitiativeGroup:
    """Form an initiative group for a priority.

    `members` holds dicts with `person` (from the register) or `name` (a deputy or staff
    member), `role` and `is_leader`.
    """
    _check(actor)
    if not members:
        raise ValidationError(_("A group has at least one member."))
    group = InitiativeGroup.objects.create(
        priority=priority, name=name, formed_on=formed_on, created_by=actor
    )
    seen = set()
    for row in members:
        person = row.get("person")
        role = row.get("role") or InitiativeGroupMember.Role.RESIDENT
        name_text = " ".join((row.get("name") or "").split())
        if person is None and not name_text:
            raise ValidationError(_("Choose a person from the register or write a name."))
        if role == InitiativeGroupMember.Role.RESIDENT and person is None:
            raise ValidationError(_("Residents in a group come from the register of people."))
        if person is not None:
            if person.pk in seen:
                raise ValidationError(_("%(name)s is in the list twice.") % {"name": person})
            seen.add(person.pk)
        InitiativeGroupMember.objects.create(
            group=group,
            person=person,
            name="" if person else name_text,
            role=role,
            is_leader=bool(row.get("is_leader")),
        )
    audit_record(actor=actor, obj=group, action=AuditEntry.Action.CREATE)
    return group


# The annual report to the population


@transaction.atomic
def report_save(
    *,
    actor,
    year: int,
    introduction: str = "",
    conclusions: str = "",
    introduction_ru: str = "",
    conclusions_ru: str = "",
    gathering: Gathering | None = None,
) -> AnnualReport:
    """Create or change the draft of the year's report: the head's own words."""
    _check(actor)
    report, created = AnnualReport.objects.get_or_create(year=year)
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(_("A published report does not change."))
    report.introduction_ky = introduction
    report.conclusions_ky = conclusions
    report.introduction_ru = introduction_ru
    report.conclusions_ru = conclusions_ru
    report.gathering = gathering
    report.save()
    audit_record(
        actor=actor,
        obj=report,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
    )
    return report


@transaction.atomic
def report_publish(*, report: AnnualReport, actor) -> AnnualReport:
    """Publish the report: fix the priorities it tells about, issue the Kyrgyz and Russian
    PDFs and announce it on the notice board."""
    from .selectors import report_priorities

    report.published_at = timezone.now()
    workflow_move(
        obj=report,
        to=AnnualReport.Status.PUBLISHED,
        actor=actor,
        permission=lambda user, obj: perms.is_office(user),
        extra_fields=["published_at"],
    )
    report.priorities.set(report_priorities(year=report.year))
    # The Kyrgyz original; the Russian one is its translation copy with the same number
    # (municipality.services.documents.document_translation_pdf, ?language=ru).
    report.document = document_issue(
        kind=OfficialDocument.Kind.REPORT,
        subject=report,
        title=in_kyrgyz(REPORT_TITLE, year=report.year),
        template_name="community/pdf/annual_report.html",
        actor=actor,
    )
    with translation.override("ru"):
        title_ru = str(REPORT_TITLE) % {"year": report.year}
    report.notice = notice_publish(
        actor=actor,
        category=Notice.Category.GENERAL,
        title=report.document.title,
        title_ru=title_ru,
        body=report.introduction_ky or "",
        body_ru=report.introduction_ru or report.introduction_ky or "",
        subject=report,
    )
    report.save(update_fields=["document", "notice"])
    return report
