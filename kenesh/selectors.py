"""Reads of the kenesh app that are more than a one-line filter."""

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budget.models import Proposal
from municipality.models import Municipality
from municipality.pagination import rows_per_item

from .models import (
    AgendaItem,
    Charter,
    Commission,
    Deputy,
    Initiative,
    Petition,
    Resolution,
    Session,
    Signature,
)
from .permissions import can_answer_petition, can_manage_kenesh


def charter() -> Charter | None:
    return Charter.objects.first()


def signature_threshold() -> int:
    """Signatures a people's initiative needs: the charter's own number, else the setting."""
    current = charter()
    if current and current.signature_threshold:
        return current.signature_threshold
    return settings.KENESH_SIGNATURE_THRESHOLD


def deputies_in_office(day: datetime.date | None = None) -> QuerySet[Deputy]:
    day = day or timezone.localdate()
    return Deputy.objects.filter(term_start__lte=day).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=day)
    )


def commissions() -> list[Commission]:
    """The standing commissions with their chair and members (for the public page too)."""
    return list(Commission.objects.select_related("chair").prefetch_related("members"))


@dataclass(frozen=True)
class Quorum:
    present: int
    elected: int
    needed: int  # more than this many must be present
    reached: bool


def session_quorum(session: Session) -> Quorum:
    """A quorum is more than KENESH_QUORUM_PERCENT % of the deputies in office that day."""
    day = timezone.localtime(session.starts_at).date()
    elected = deputies_in_office(day).count()
    present = session.deputies_present.count()
    share = elected * settings.KENESH_QUORUM_PERCENT / 100
    needed = math.floor(share)
    return Quorum(present=present, elected=elected, needed=needed, reached=present > share)


def sessions_public() -> QuerySet[Session]:
    """Announced and past sessions with their agenda, newest first (index `session_newest`)."""
    return (
        Session.objects.exclude(status=Session.Status.DRAFT)
        .order_by("-starts_at", "-pk")
        .prefetch_related(
            Prefetch("items", queryset=AgendaItem.objects.select_related("decision"))
        )
    )


def session_items(session: Session) -> list[AgendaItem]:
    return list(
        session.items.select_related("decision", "initiative", "proposal", "decision__resolution")
    )


def resolutions_public() -> QuerySet[Resolution]:
    """The register, newest first (index `resolution_newest`)."""
    return (
        Resolution.objects.filter(status=Resolution.Status.PUBLISHED)
        .select_related("document", "session")
        .order_by("-adopted_on", "-pk")
    )


def resolution_pdf_context(*, resolution: Resolution) -> dict:
    return {
        "resolution": resolution,
        "session": resolution.session,
        "charter": charter(),
    }


def session_poster_pdf(*, session: Session, language: str) -> bytes:
    """The A4 poster of an announced session on the kernel's poster layout (pdf/poster.html):
    number in the convocation, date, time, place, agenda, open or closed, a QR code to the
    session's page. Not a numbered document: rendered when asked, like a notice's poster."""
    from municipality.pdf import render_pdf  # WeasyPrint loads only where a PDF is drawn

    return render_pdf(
        template_name="kenesh/pdf/session_poster.html",
        context={
            "session": session,
            "items": list(session.items.all()),
            "municipality": Municipality.current(),
        },
        language=language,
    )


def signature_count(subject) -> int:
    """Signatures that count: not withdrawn, one per person (the constraints ensure it)."""
    field = "initiative" if isinstance(subject, Initiative) else "petition"
    return Signature.objects.filter(**{field: subject, "withdrawn_at__isnull": True}).count()


def signature_counts(subject) -> dict:
    field = "initiative" if isinstance(subject, Initiative) else "petition"
    rows = (
        Signature.objects.filter(**{field: subject, "withdrawn_at__isnull": True})
        .values("kind")
        .annotate(n=Count("pk"))
    )
    counts = {row["kind"]: row["n"] for row in rows}
    return {
        "online": counts.get(Signature.Kind.ONLINE, 0),
        "paper": counts.get(Signature.Kind.PAPER, 0),
        "total": sum(counts.values()),
    }


def public_signer_names(subject) -> list[str]:
    """Only the names of online signers who agreed to show them; never other personal data."""
    field = "initiative" if isinstance(subject, Initiative) else "petition"
    signatures = Signature.objects.filter(
        **{field: subject, "withdrawn_at__isnull": True, "show_name": True, "user__isnull": False}
    ).select_related("user")
    return [s.user.full_name or s.user.username for s in signatures]


def initiative_news_signers(initiative: Initiative) -> QuerySet[Signature]:
    return Signature.objects.filter(
        initiative=initiative, wants_news=True, user__isnull=False, withdrawn_at__isnull=True
    ).select_related("user")


def _signed(field: str):
    """The signatures that count, as a subquery: a page computes it for its own rows and the
    paginator's COUNT leaves it out (no join with ten years of signatures)."""
    return rows_per_item(Signature.objects.filter(withdrawn_at__isnull=True), item=field)


def initiatives_public() -> QuerySet[Initiative]:
    """Registered initiatives newest first (index `initiative_newest`) with their signatures."""
    return (
        Initiative.objects.exclude(status=Initiative.Status.FILED)
        .order_by("-created_at", "-pk")
        .annotate(signed=_signed("initiative"))
    )


def initiatives_filed() -> QuerySet[Initiative]:
    return Initiative.objects.filter(status=Initiative.Status.FILED)


def user_signature(subject, user) -> Signature | None:
    if not user.is_authenticated:
        return None
    field = "initiative" if isinstance(subject, Initiative) else "petition"
    return Signature.objects.filter(
        **{field: subject, "user": user, "withdrawn_at__isnull": True}
    ).first()


def petitions_public() -> QuerySet[Petition]:
    """Petitions newest first (index `petition_newest`) with their supporters."""
    return Petition.objects.order_by("-created_at", "-pk").annotate(supporters=_signed("petition"))


def petitions_overdue(today: datetime.date | None = None) -> QuerySet[Petition]:
    today = today or timezone.localdate()
    return Petition.objects.filter(status=Petition.Status.OPEN, answer_due__lt=today)


def petitions_overdue_attention(user) -> list[tuple[str, str]]:
    if not can_answer_petition(user):
        return []
    count = petitions_overdue().count()
    if not count:
        return []
    return [
        (
            _("Petitions with an overdue answer: %(count)s") % {"count": count},
            reverse("kenesh:office"),
        )
    ]


def resolutions_unpublished_attention(user) -> list[tuple[str, str]]:
    if not can_manage_kenesh(user):
        return []
    limit = timezone.localdate() - datetime.timedelta(days=settings.KENESH_RESOLUTION_PUBLISH_DAYS)
    count = Resolution.objects.filter(status=Resolution.Status.DRAFT, adopted_on__lt=limit).count()
    if not count:
        return []
    return [
        (
            _("Resolutions not published in time: %(count)s") % {"count": count},
            reverse("kenesh:office"),
        )
    ]


def proposals_forwarded_waiting():
    """Budget-hearing proposals forwarded to the kenesh that no agenda holds yet."""
    return Proposal.objects.filter(decision=Proposal.Decision.FORWARDED, kenesh_items=None)
