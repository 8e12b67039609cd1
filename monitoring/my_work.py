"""A monitoring member's open protocols and the chair's protocols to sign (start page)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import GroupMember, Protocol


def items(user) -> list[dict]:
    seats = list(GroupMember.objects.filter(user=user).values_list("group_id", "is_chair"))
    if not seats:
        return []
    chair_of = {group for group, is_chair in seats if is_chair}
    protocols = (
        Protocol.objects.filter(group__in=[group for group, _chair in seats])
        .exclude(status__in=(Protocol.Status.SIGNED, Protocol.Status.PUBLISHED))
        .select_related("group", "subject")
        .order_by("-updated_at")
    )
    result = []
    for protocol in protocols:
        to_sign = protocol.status == Protocol.Status.SUBMITTED and protocol.group_id in chair_of
        result.append(
            {
                "section": _("Awaiting your signature") if to_sign else _("Open protocols"),
                "title": f"{protocol.group.name}: {protocol.subject}",
                "url": reverse(
                    "monitoring:protocol-sign" if to_sign else "monitoring:protocol-edit",
                    args=[protocol.pk],
                ),
                "status": protocol.get_status_display(),
                "urgent": to_sign or protocol.status == Protocol.Status.DRAFT,
            }
        )
    return result
