"""Reads of the audit log for the administrators' page."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from municipality.models import AuditEntry


def audit_entry_list(
    *, content_type: ContentType | None = None, user: str = "", action: str = ""
) -> QuerySet[AuditEntry]:
    """Newest first, filtered; one query however many rows (actor and type joined)."""
    qs = AuditEntry.objects.select_related("actor", "content_type").order_by("-at", "-pk")
    if content_type is not None:
        qs = qs.filter(content_type=content_type)
    if action:
        qs = qs.filter(action=action)
    user = (user or "").strip()
    if user:
        qs = qs.filter(
            Q(actor__username__icontains=user)
            | Q(actor__full_name__icontains=user)
            | Q(actor__email__icontains=user)
        )
    return qs


def audit_content_types() -> list[ContentType]:
    """The object types that appear in the log (for the filter), in one query."""
    return list(
        ContentType.objects.filter(
            pk__in=AuditEntry.objects.values("content_type").distinct()
        ).order_by("app_label", "model")
    )
