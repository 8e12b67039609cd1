"""The office's view of the outbox: what was sent, what is waiting, what failed (and retry)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.models import OutboxMessage
from municipality.permissions import role_required
from municipality.services.sending import message_retry

PAGE_SIZE = 50


@role_required()
def office_outbox(request):
    status = request.GET.get("status", "")
    rows = OutboxMessage.objects.order_by("-created_at", "-pk")
    if status in OutboxMessage.Status.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    counts = dict(OutboxMessage.objects.values_list("status").annotate(n=Count("pk")).order_by())
    totals = [
        (value, label, counts.get(value, 0)) for value, label in OutboxMessage.Status.choices
    ]
    return render(
        request,
        "municipality/outbox_office.html",
        {
            "rows": rows[:PAGE_SIZE],
            "totals": totals,
            "status": status,
        },
    )


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
