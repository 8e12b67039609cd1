"""Reads of the document registry (municipality/views/documents.py uses them)."""

from django.db import models
from django.db.models import Q

from municipality.models import OfficialDocument
from municipality.permissions import can_manage_documents


def documents_published():
    """Issued public documents, the latest issued version of each number only."""
    return (
        OfficialDocument.objects.filter(is_public=True, status=OfficialDocument.Status.ISSUED)
        .exclude(
            Q(superseded_by__status=OfficialDocument.Status.ISSUED)
            & Q(superseded_by__is_public=True)
        )
        .order_by("-date", "-number", "-pk")
    )


def document_versions(document: OfficialDocument, *, user):
    """Every version of the document's number, oldest first, that `user` may see."""
    versions = OfficialDocument.objects.filter(
        kind=document.kind, year=document.year, number=document.number
    ).order_by("version")
    if not can_manage_documents(user):
        versions = versions.filter(is_public=True)
    return list(versions)


def documents_office(*, status: str = ""):
    """Every document for the office, failed ones first, newest first."""
    documents = OfficialDocument.objects.select_related("issued_by").order_by(
        models.Case(
            models.When(status=OfficialDocument.Status.FAILED, then=0),
            models.When(status=OfficialDocument.Status.PENDING, then=1),
            default=2,
            output_field=models.IntegerField(),
        ),
        "-created_at",
        "-pk",
    )
    return documents.filter(status=status) if status else documents
