"""Every non-trivial read of the monitoring app, with its joins decided here."""

import datetime
from pathlib import Path
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, Q
from django.utils.translation import gettext

from municipality.selectors.search import excerpt, text_filter

from .models import (
    ChecklistAnswer,
    GroupMember,
    MonitoringGroup,
    Protocol,
    Recommendation,
    Subject,
)


def _public_protocols():
    return Protocol.objects.public().select_related("subject", "group", "village", "document")


def groups_public():
    """Groups with their members and subjects, newest period first (index `group_newest`)."""
    return (
        MonitoringGroup.objects.select_related("resolution_document")
        .prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.select_related("village")),
            "subjects",
        )
        .order_by("-period_start", "-pk")
    )


def protocols_public(*, group: MonitoringGroup | None = None):
    """Signed and published protocols, newest visit first (index `protocol_newest`: the
    filter is spelled as the statuses left out, so that the planner walks that index in
    order rather than fetch every public protocol by status and sort them)."""
    qs = (
        Protocol.objects.exclude(status__in=(Protocol.Status.DRAFT, Protocol.Status.SUBMITTED))
        .select_related("subject", "group", "village", "document")
        .order_by(F("visit_date").desc(nulls_last=True), "-pk")
    )
    if group is not None:
        qs = qs.filter(group=group)
    return qs


def recommendations_public(*, group: MonitoringGroup | None = None):
    """Every recommendation of a signed protocol, with its answer and status (the index
    page shows the latest few: `.order_by("-pk")`)."""
    qs = Recommendation.objects.filter(
        protocol__status__in=(Protocol.Status.SIGNED, Protocol.Status.PUBLISHED)
    ).select_related("protocol__subject", "protocol__group")
    if group is not None:
        qs = qs.filter(protocol__group=group)
    return qs.order_by("protocol__group", "-protocol__visit_date", "pk")


def protocol_detail(*, pk: int) -> Protocol:
    return (
        Protocol.objects.select_related(
            "group",
            "subject",
            "village",
            "document",
            "notice",
            "signed_by",
            "author",
            "attendance",
        )
        .prefetch_related(
            "attendance__villages__village",
            Prefetch(
                "members_present", queryset=GroupMember.objects.order_by("-is_chair", "name")
            ),
            "confirmed_by",
            "photos",
            Prefetch("answers", queryset=ChecklistAnswer.objects.select_related("question")),
            "recommendations",
        )
        .get(pk=pk)
    )


def groups_of_user(*, user):
    """The groups the user sits in, with their subjects and protocols, for the member pages."""
    return (
        MonitoringGroup.objects.filter(members__user=user)
        .prefetch_related(
            "subjects",
            Prefetch("members", queryset=GroupMember.objects.select_related("user")),
            Prefetch(
                "protocols",
                queryset=Protocol.objects.select_related("subject").order_by("-updated_at"),
            ),
        )
        .distinct()
    )


def recommendations_for_office(*, status: str = ""):
    """Recommendations of signed protocols; those waiting for an answer first, oldest due
    first (index `recommendation_queue`)."""
    qs = Recommendation.objects.filter(
        protocol__status__in=(Protocol.Status.SIGNED, Protocol.Status.PUBLISHED)
    ).select_related("protocol__subject", "protocol__group", "answered_by")
    if status == "awaiting":
        qs = qs.filter(status__in=Recommendation.AWAITING)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "due_date", "pk")


def recommendations_awaiting_count() -> int:
    return recommendations_for_office(status="awaiting").count()


def protocols_for_objects(objs) -> dict:
    """Signed protocols about each of `objs` (objects of one model), by pk: one query."""
    objs = [obj for obj in objs if obj.pk is not None]
    if not objs:
        return {}
    by_pk = {}
    protocols = _public_protocols().filter(
        subject__target_type=ContentType.objects.get_for_model(objs[0]),
        subject__target_id__in=[obj.pk for obj in objs],
    )
    for protocol in protocols.order_by("-visit_date", "-pk"):
        by_pk.setdefault(protocol.subject.target_id, []).append(protocol)
    return by_pk


def _photo_paths(protocol: Protocol) -> list[dict]:
    photos = []
    for photo in protocol.photos.all():
        try:
            path = Path(photo.image.path)
        except (NotImplementedError, ValueError):
            continue
        if path.exists():
            photos.append({"photo": photo, "uri": path.resolve().as_uri()})
    return photos


def _member_entry(member: GroupMember, confirmed_ids: set) -> dict:
    return {
        "id": member.pk,
        "name": member.name,
        "category": member.category,
        "is_chair": member.is_chair,
        "confirmed": member.pk in confirmed_ids,
    }


def protocol_members_snapshot(*, protocol: Protocol) -> dict:
    """The group's members present and absent at this protocol, as the snapshot keeps them."""
    confirmed_ids = {m.pk for m in protocol.confirmed_by.all()}
    present = sorted(protocol.members_present.all(), key=lambda m: (not m.is_chair, m.name))
    present_ids = {m.pk for m in present}
    absent = [m for m in protocol.group.members.all() if m.pk not in present_ids]
    return {
        "present": [_member_entry(m, confirmed_ids) for m in present],
        "absent": [_member_entry(m, confirmed_ids) for m in absent],
    }


class MemberAtSigning(SimpleNamespace):
    """A member as the snapshot keeps them; reads like a GroupMember in the templates."""

    def get_category_display(self) -> str:
        return str(dict(GroupMember.Category.choices).get(self.category, self.category))


def protocol_members(*, protocol: Protocol) -> dict:
    """Members present and absent: frozen at signing, live while the protocol is a draft."""
    snapshot = protocol.members_snapshot or protocol_members_snapshot(protocol=protocol)
    return {
        part: [MemberAtSigning(pk=entry["id"], **entry) for entry in snapshot[part]]
        for part in ("present", "absent")
    }


def protocol_pdf_context(*, protocol: Protocol) -> dict:
    """What the protocol PDF shows; rebuilt from the database in the render task."""
    protocol = protocol_detail(pk=protocol.pk)
    members = protocol_members(protocol=protocol)
    return {
        "protocol": protocol,
        "group": protocol.group,
        "members_present": members["present"],
        "members_absent": members["absent"],
        "confirmed_ids": {m.pk for m in members["present"] if m.confirmed},
        "answers": list(protocol.answers.all()),
        "recommendations": list(protocol.recommendations.all()),
        "photos": _photo_paths(protocol),
        "chair": protocol.group.members.filter(is_chair=True).first(),
    }


def report_pdf_context(*, report) -> dict:
    group = report.group
    protocols = list(
        _public_protocols()
        .filter(
            group=group, visit_date__gte=report.period_start, visit_date__lte=report.period_end
        )
        .prefetch_related("recommendations")
        .order_by("visit_date", "pk")
    )
    recommendations = [r for p in protocols for r in p.recommendations.all()]
    counts = {status: 0 for status in Recommendation.Status.values}
    for recommendation in recommendations:
        counts[recommendation.status] += 1
    return {
        "report": report,
        "group": group,
        "members": list(group.members.select_related("village")),
        "subjects": list(group.subjects.all()),
        "protocols": protocols,
        "recommendations": recommendations,
        "status_counts": [
            (Recommendation.Status(status).label, n) for status, n in counts.items()
        ],
    }


def recommendations_due(*, today: datetime.date, days_before: int):
    """Awaiting recommendations due within `days_before` days or already overdue."""
    return Recommendation.objects.filter(
        Q(due_date__lte=today + datetime.timedelta(days=days_before)),
        status__in=Recommendation.AWAITING,
        protocol__status__in=(Protocol.Status.SIGNED, Protocol.Status.PUBLISHED),
    ).select_related("protocol__subject")


def subjects_of_group(*, group: MonitoringGroup):
    return (
        Subject.objects.filter(group=group)
        .prefetch_related("target")
        .annotate(
            protocol_count=Count(
                "protocols",
                filter=Q(
                    protocols__status__in=(Protocol.Status.SIGNED, Protocol.Status.PUBLISHED)
                ),
            )
        )
    )


def group_composition(group: MonitoringGroup) -> dict:
    """Counts by category, sex and village from the prefetched members (no query)."""
    members = list(group.members.all())
    categories = {label: 0 for label in GroupMember.Category.labels}
    villages: dict[str, int] = {}
    for member in members:
        categories[member.get_category_display()] += 1
        name = str(member.village) if member.village_id else "—"
        villages[name] = villages.get(name, 0) + 1
    return {
        "total": len(members),
        "women": sum(1 for m in members if m.sex == GroupMember.Sex.FEMALE),
        "men": sum(1 for m in members if m.sex == GroupMember.Sex.MALE),
        "categories": [(label, n) for label, n in categories.items() if n],
        "villages": sorted(villages.items()),
    }


def protocols_search(*, query: str, limit: int) -> list[dict]:
    """Signed and published protocols whose subject, place or findings match."""
    fields = [
        "subject__title_ky",
        "subject__title_ru",
        "address",
        "findings",
        "scan_summary",
        "group__name_ky",
        "group__name_ru",
    ]
    protocols = text_filter(Protocol.objects.public(), fields, query)
    return [
        {
            "kind": gettext("Monitoring protocol"),
            "title": str(p),
            "url": p.get_absolute_url(),
            "text": excerpt(p.findings or p.scan_summary, query),
            "date": p.visit_date,
        }
        for p in protocols.select_related("subject", "group").order_by("-visit_date", "-pk")[
            :limit
        ]
    ]
