"""The kenesh secretary's start page ("Менин иштерим") and the reminder to the deputies.

Registered in `KeneshConfig.ready()` with the kernel's `my_work_register` and
`reminder_register`; each provider is a couple of queries.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions as perms
from .models import AgendaItem, Deputy, Initiative, Petition, Resolution, Session


def _sessions_to_minute() -> list[dict]:
    """Sessions held whose agenda still has items without a recorded decision."""
    open_items = AgendaItem.objects.filter(session=OuterRef("pk"), decision__isnull=True)
    sessions = Session.objects.filter(status=Session.Status.HELD).filter(Exists(open_items))
    return [
        {
            "section": _("Kenesh: sessions to minute"),
            "title": str(session),
            "url": reverse("kenesh:session-manage", args=[session.pk]),
            "status": _("Held on %(date)s; decisions are not all recorded")
            % {"date": timezone.localtime(session.starts_at).strftime("%d.%m.%Y")},
            "urgent": True,
        }
        for session in sessions.order_by("starts_at")
    ]


def _initiatives_to_act_on() -> list[dict]:
    """Initiatives filed and not yet registered, and those that reached their threshold."""
    signed = Count("signatures", filter=Q(signatures__withdrawn_at__isnull=True))
    initiatives = (
        Initiative.objects.filter(
            status__in=(Initiative.Status.FILED, Initiative.Status.COLLECTING)
        )
        .annotate(signed=signed)
        .filter(Q(status=Initiative.Status.FILED) | Q(signed__gte=F("threshold")))
        .order_by("created_at")
    )
    items = []
    for initiative in initiatives:
        filed = initiative.status == Initiative.Status.FILED
        items.append(
            {
                "section": _("Kenesh: people's initiatives"),
                "title": initiative.title,
                "url": reverse("kenesh:initiative-manage", args=[initiative.pk]),
                "status": _("Waiting for registration or refusal")
                if filed
                else _("%(count)s signatures: put it on a session's agenda")
                % {"count": initiative.signed},
                "urgent": True,
            }
        )
    return items


def _petitions_to_answer(today: datetime.date) -> list[dict]:
    """Petitions with enough supporters whose answer is due (or overdue)."""
    petitions = Petition.objects.filter(
        status=Petition.Status.OPEN, answer_due__isnull=False
    ).order_by("answer_due")
    items = []
    for petition in petitions:
        overdue = petition.answer_due < today
        items.append(
            {
                "section": _("Kenesh: petitions to answer"),
                "title": petition.title,
                "url": petition.get_absolute_url(),
                "status": (
                    _("Answer overdue since %(date)s") if overdue else _("Answer due by %(date)s")
                )
                % {"date": petition.answer_due.strftime("%d.%m.%Y")},
                "urgent": overdue,
            }
        )
    return items


def _resolutions_to_publish(today: datetime.date) -> list[dict]:
    """Adopted resolutions not published yet; late once KENESH_RESOLUTION_PUBLISH_DAYS passed."""
    items = []
    for resolution in Resolution.objects.filter(status=Resolution.Status.DRAFT).order_by(
        "adopted_on", "pk"
    ):
        late = resolution.publish_by < today
        items.append(
            {
                "section": _("Kenesh: resolutions to publish"),
                "title": resolution.title,
                "url": resolution.get_absolute_url(),
                "status": (
                    _("Not published in time: due by %(date)s")
                    if late
                    else _("Publish by %(date)s")
                )
                % {"date": resolution.publish_by.strftime("%d.%m.%Y")},
                "urgent": late,
            }
        )
    return items


def items(user) -> list[dict]:
    """What waits for the kenesh secretary."""
    if not perms.can_manage_kenesh(user):
        return []
    today = timezone.localdate()
    return [
        *_sessions_to_minute(),
        *_initiatives_to_act_on(),
        *_petitions_to_answer(today),
        *_resolutions_to_publish(today),
    ]


def sessions_due_tomorrow(today: datetime.date) -> list[dict]:
    """The reminder check: an announced session of tomorrow → the deputies with an account."""
    start = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min)
    )
    sessions = list(
        Session.objects.filter(
            status=Session.Status.ANNOUNCED,
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        ).prefetch_related("items")
    )
    reminders = []
    for session in sessions:
        day = timezone.localtime(session.starts_at).date()
        deputies = (
            Deputy.objects.filter(term_start__lte=day, user__is_active=True)
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
            .select_related("user")
        )
        reminders.append(
            {
                "key": f"kenesh.session.{session.pk}.tomorrow",
                "users": [deputy.user for deputy in deputies],
                "event": "kenesh.session_tomorrow",
                "context": {
                    "session": session,
                    "items": list(session.items.all()),
                    "url": settings.SITE_URL.rstrip("/") + session.get_absolute_url(),
                },
            }
        )
    return reminders
