"""The office's answers to recommendations and the chair's review of them."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.forms.errors import add_service_errors
from municipality.pagination import list_page
from municipality.permissions import role_required

from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    AnswerForm,
    ReviewForm,
)
from ..models import (
    Recommendation,
)


@login_required
@require_POST
def recommendation_review(request, pk):
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("protocol__group"), pk=pk
    )
    if not perms.can_review_recommendation(request.user, recommendation):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if "reopen" in request.POST:
            services.recommendation_reopen(
                actor=request.user, recommendation=recommendation, note=note
            )
            messages.success(request, _("The recommendation is reopened."))
        else:
            services.recommendation_resolve(
                actor=request.user, recommendation=recommendation, note=note
            )
            messages.success(request, _("The recommendation is accepted as resolved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("monitoring:member-group", pk=recommendation.protocol.group_id)


# Office pages


@role_required()
def office(request):
    status = request.GET.get("status", "awaiting")
    if status not in ("awaiting", "all", *Recommendation.Status.values):
        status = "awaiting"
    page = list_page(
        request,
        selectors.recommendations_for_office(status="" if status == "all" else status),
        numbered=True,
    )
    context = {
        "recommendations": page.object_list,
        "page_obj": page,
        "query": urlencode({"status": status}),
        "status": status,
        "statuses": [
            ("awaiting", _("Awaiting an answer")),
            ("all", _("All")),
            *Recommendation.Status.choices,
        ],
    }
    return render(request, "monitoring/office.html", context)


@role_required()
def recommendation_answer(request, pk):
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("protocol__subject", "protocol__group"), pk=pk
    )
    if not perms.can_answer_recommendation(request.user, recommendation):
        messages.info(request, _("This recommendation is not waiting for an answer."))
        return redirect("monitoring:office")
    form = AnswerForm()
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.recommendation_answer(
                    actor=request.user, recommendation=recommendation, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The answer is saved and shown to the public."))
                return redirect("monitoring:office")
    return render(
        request,
        "monitoring/recommendation_answer.html",
        {"recommendation": recommendation, "form": form},
    )
