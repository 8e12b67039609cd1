"""The office's view of the outbox: what was sent, what is waiting, what failed (and retry)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.models import OutboxMessage
from municipality.permissions import role_required
from municipality.services.sending import message_retry

PAGE_SIZE = 50
# Sent rows pile up (ten years: ~500 000); the office's tab counts the recent ones, read
# from the (status, channel, sent_at) index. The other statuses are few and counted whole.
SENT_COUNTED_DAYS = 30


@role_required()
def office_outbox(request):
    status = request.GET.get("status", "")
    rows = OutboxMessage.objects.order_by("-created_at", "-pk")
    if status in OutboxMessage.Status.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    return render(
        request,
        "municipality/outbox_office.html",
        {"rows": rows[:PAGE_SIZE], "totals": _status_totals(), "status": status},
    )


def _status_totals() -> list[tuple[str, str, int]]:
    sent = OutboxMessage.Status.SENT
    counts = dict(
        OutboxMessage.objects.filter(status__in=[v for v in OutboxMessage.Status if v != sent])
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts[sent] = OutboxMessage.objects.filter(
        status=sent,
        channel__in=OutboxMessage.Channel.values,
        sent_at__gte=timezone.now() - timezone.timedelta(days=SENT_COUNTED_DAYS),
    ).count()
    sent_label = _("Sent in the last %(days)s days") % {"days": SENT_COUNTED_DAYS}
    return [
        (value, sent_label if value == sent else label, counts.get(value, 0))
        for value, label in OutboxMessage.Status.choices
    ]


@require_POST
@role_required()
def office_outbox_retry(request, pk):
    message = get_object_or_404(OutboxMessage, pk=pk)
    try:
        message_retry(message=message, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The message is queued again."))
    return redirect(reverse("municipality:office-outbox") + "?status=failed")
