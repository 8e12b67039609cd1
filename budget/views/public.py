"""Public budget pages: the budget, its open data, hearings, proposals and registration."""

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.drafts import form_action
from municipality.exports import csv_cell
from municipality.forms.errors import add_service_errors
from municipality.permissions import is_office
from municipality.ratelimits import submission_ratelimit

from .. import selectors, services
from ..forms import (
    ProposalForm,
)
from ..models import Hearing, Registration
from ..permissions import (
    can_propose,
    can_register,
    can_view_hearing,
)
from .common import hearings_context, url_to, year_param


# The pages the form actions live on (GET on an action address without a draft goes there).
def _hearing_url(request, pk):
    return url_to("budget:hearing-detail", pk=pk)


# Public pages ----------------------------------------------------------------------------


def index(request):
    """The citizens' budget (жарандык бюджет) of one year."""
    years = selectors.budget_years()
    year = year_param(request, years)
    context = {"years": years, "year": year}
    if year is not None:
        context["overview"] = selectors.budget_overview(year=year)
        context["history"] = selectors.budget_year_over_year()
    return render(request, "budget/index.html", context)


def lines_csv(request):
    years = selectors.budget_years()
    year = year_param(request, years) if request.GET.get("year") else None
    rows = selectors.budget_lines_export(year=year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"budget-{year}.csv" if year else "budget.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["year", "kind", "code", "category", "planned", "actual", "financed"])
    for row in rows:
        financed = "; ".join(f"{link['label']} {link['url']}".strip() for link in row["financed"])
        writer.writerow(
            [
                row["year"],
                row["kind"],
                csv_cell(row["code"]),
                csv_cell(row["category"]),
                row["planned"],
                row["actual"],
                csv_cell(financed),
            ]
        )
    return response


def lines_json(request):
    years = selectors.budget_years()
    year = year_param(request, years) if request.GET.get("year") else None
    response = JsonResponse(
        {"year": year, "lines": selectors.budget_lines_export(year=year)},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = 'inline; filename="budget.json"'
    return response


def hearings_json(request):
    response = JsonResponse(
        {"hearings": selectors.hearings_export()},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = 'inline; filename="hearings.json"'
    return response


def hearing_list(request):
    return render(request, "budget/hearing_list.html", hearings_context(request))


def _hearing_or_404(request, pk):
    try:
        hearing = selectors.hearing_detail(pk=pk)
    except Hearing.DoesNotExist:
        raise Http404 from None
    if not can_view_hearing(request.user, hearing):
        raise Http404
    return hearing


def _detail_context(request, hearing, form=None):
    user = request.user
    registered = (
        user.is_authenticated and Registration.objects.filter(hearing=hearing, user=user).exists()
    )
    open_ = can_propose(user, hearing)
    return {
        "hearing": hearing,
        "proposals": selectors.hearing_proposals(hearing=hearing),
        "my_proposals": selectors.user_proposals(user=user, hearing=hearing),
        "can_propose": open_,
        "can_register": can_register(user, hearing),
        "registered": registered,
        "form": form if form is not None else (ProposalForm(hearing=hearing) if open_ else None),
        "is_office_user": is_office(user),
    }


def hearing_detail(request, pk):
    hearing = _hearing_or_404(request, pk)
    return render(request, "budget/hearing_detail.html", _detail_context(request, hearing))


@form_action(page=_hearing_url)
@submission_ratelimit("budget-proposal")
def hearing_propose(request, pk):
    hearing = _hearing_or_404(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(hearing.get_absolute_url())
    form = ProposalForm(request.POST, hearing=hearing)
    if form.is_valid():
        try:
            services.proposal_submit(hearing=hearing, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you: your proposal has been received. You will be told the decision."),
            )
            return redirect(hearing.get_absolute_url() + "#my-proposals")
    context = _detail_context(request, hearing, form=form)
    return render(request, "budget/hearing_detail.html", context, status=400)


@require_POST
@submission_ratelimit("budget-registration")
def hearing_register(request, pk):
    hearing = _hearing_or_404(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(hearing.get_absolute_url())
    try:
        if request.POST.get("action") == "cancel":
            services.registration_cancel(hearing=hearing, actor=request.user)
            messages.info(request, _("Your registration is cancelled."))
        else:
            services.registration_create(hearing=hearing, actor=request.user)
            messages.success(request, _("You are registered for the hearing."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(hearing.get_absolute_url())
