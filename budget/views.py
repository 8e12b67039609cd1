"""Views parse input, check permission, call one service, respond."""

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.drafts import form_action
from municipality.exports import csv_cell
from municipality.forms.errors import add_service_errors
from municipality.permissions import is_office, role_required
from municipality.ratelimits import submission_ratelimit
from municipality.receipts import receipt_offer

from . import selectors, services
from .forms import (
    CategoryForm,
    DecisionForm,
    HearingForm,
    HoldForm,
    ImportForm,
    LineForm,
    LinkForm,
    MaterialForm,
    PaperProposalForm,
    ProposalForm,
)
from .models import BudgetCategory, BudgetLine, Hearing, Proposal, Registration
from .permissions import (
    can_announce_hearing,
    can_decide_proposal,
    can_edit_hearing,
    can_hold_hearing,
    can_propose,
    can_publish_protocol,
    can_record_proposal,
    can_register,
    can_view_hearing,
)


# The pages the form actions live on (GET on an action address without a draft goes there).
def _hearing_url(request, pk):
    return _url("budget:hearing-detail", pk=pk)


def _office_hearing_url(request, pk):
    return _url("budget:office-hearing", pk=pk)


def _year_param(request, years):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in years:
        current = timezone.localdate().year
        year = current if current in years else (years[0] if years else None)
    return year


# Public pages ----------------------------------------------------------------------------


def index(request):
    """The citizens' budget (жарандык бюджет) of one year."""
    years = selectors.budget_years()
    year = _year_param(request, years)
    context = {"years": years, "year": year}
    if year is not None:
        context["overview"] = selectors.budget_overview(year=year)
        context["history"] = selectors.budget_year_over_year()
    return render(request, "budget/index.html", context)


def lines_csv(request):
    years = selectors.budget_years()
    year = _year_param(request, years) if request.GET.get("year") else None
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
    year = _year_param(request, years) if request.GET.get("year") else None
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
    return render(request, "budget/hearing_list.html", selectors.hearing_list())


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
        "proposals": list(
            hearing.proposals.prefetch_related(
                "kenesh_items__session", "kenesh_items__decision__resolution"
            )
        ),
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


# Office pages -----------------------------------------------------------------------------


@role_required()
def office(request):
    context = selectors.hearing_list(include_drafts=True)
    context["years"] = selectors.budget_years()
    return render(request, "budget/office/index.html", context)


@role_required()
def office_hearing_create(request):
    form = HearingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hearing = services.hearing_create(actor=request.user, data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The hearing is saved as a draft."))
            return redirect("budget:office-hearing", pk=hearing.pk)
    return render(request, "budget/office/hearing_form.html", {"form": form})


@role_required()
def office_hearing_edit(request, pk):
    hearing = get_object_or_404(Hearing, pk=pk)
    if not can_edit_hearing(request.user, hearing):
        raise PermissionDenied
    form = HearingForm(request.POST or None, instance=hearing)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.hearing_update(
                hearing=Hearing.objects.get(pk=pk), actor=request.user, data=data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The hearing is saved."))
            return redirect("budget:office-hearing", pk=pk)
    return render(request, "budget/office/hearing_form.html", {"form": form, "hearing": hearing})


def _office_hearing_context(request, hearing, **forms):
    user = request.user
    context = {
        "hearing": hearing,
        "proposals": list(
            hearing.proposals.prefetch_related(
                "kenesh_items__session", "kenesh_items__decision__resolution"
            )
        ),
        "registrations": list(hearing.registrations.select_related("user")),
        "can_edit": can_edit_hearing(user, hearing),
        "can_announce": can_announce_hearing(user, hearing),
        "can_hold": can_hold_hearing(user, hearing),
        "can_publish": can_publish_protocol(user, hearing),
        "can_record": can_record_proposal(user, hearing),
        "can_decide": hearing.status == Hearing.Status.HELD,
        "material_form": forms.get("material_form") or MaterialForm(),
        "paper_form": forms.get("paper_form") or PaperProposalForm(hearing=hearing),
        "notice_days": services.hearings.notice_days(),
        "announce_by": timezone.localdate(hearing.starts_at)
        - datetime.timedelta(days=services.hearings.notice_days()),
    }
    return context


def _office_hearing(pk):
    try:
        return selectors.hearing_detail(pk=pk)
    except Hearing.DoesNotExist:
        raise Http404 from None


@role_required()
def office_hearing(request, pk):
    hearing = _office_hearing(pk)
    return render(
        request, "budget/office/hearing_detail.html", _office_hearing_context(request, hearing)
    )


@role_required()
@require_POST
def office_hearing_announce(request, pk):
    hearing = _office_hearing(pk)
    try:
        services.hearing_announce(hearing=hearing, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The hearing is announced on the notice board."))
    return redirect("budget:office-hearing", pk=pk)


@role_required()
@form_action(page=_office_hearing_url)
def office_hearing_material(request, pk):
    hearing = _office_hearing(pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.hearing_material_add(
                hearing=hearing,
                actor=request.user,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file is added to the materials."))
            return redirect("budget:office-hearing", pk=pk)
    context = _office_hearing_context(request, hearing, material_form=form)
    return render(request, "budget/office/hearing_detail.html", context, status=400)


@role_required()
@form_action(page=_office_hearing_url)
def office_hearing_proposal(request, pk):
    hearing = _office_hearing(pk)
    form = PaperProposalForm(request.POST, hearing=hearing)
    if form.is_valid():
        try:
            proposal = services.proposal_record(
                hearing=hearing, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal is recorded."))
            receipt_offer(request, kind="budget.proposal", obj=proposal)
            return redirect("budget:office-hearing", pk=pk)
    context = _office_hearing_context(request, hearing, paper_form=form)
    return render(request, "budget/office/hearing_detail.html", context, status=400)


@role_required()
def office_hearing_hold(request, pk):
    hearing = _office_hearing(pk)
    if not can_hold_hearing(request.user, hearing):
        raise PermissionDenied
    initial = {"discussion": hearing.discussion}
    form = HoldForm(request.POST or None, hearing=hearing, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.hearing_hold(
                hearing=hearing,
                actor=request.user,
                attendance=form.attendance_values(),
                villages=form.attendance_villages(),
                discussion=data.get("discussion", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The record of the hearing is saved."))
            return redirect("budget:office-hearing", pk=pk)
    return render(request, "budget/office/hearing_hold.html", {"hearing": hearing, "form": form})


@role_required()
def office_proposal_decide(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related("hearing", "author", "budget_line__category"), pk=pk
    )
    if not can_decide_proposal(request.user, proposal):
        raise PermissionDenied
    initial = {"decision": proposal.decision or None, "reason": proposal.decision_reason}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_decide(
                proposal=proposal,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is saved and the proposer is notified."))
            return redirect("budget:office-hearing", pk=proposal.hearing_id)
    return render(
        request, "budget/office/proposal_decide.html", {"proposal": proposal, "form": form}
    )


@role_required()
@require_POST
def office_hearing_protocol(request, pk):
    hearing = _office_hearing(pk)
    try:
        services.hearing_publish_protocol(hearing=hearing, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        # A double click: the other click has issued the protocol meanwhile.
        if not Hearing.objects.filter(pk=hearing.pk, protocol__isnull=False).exists():
            raise
        messages.success(request, _("The protocol is issued and published on the notice board."))
    else:
        messages.success(request, _("The protocol is issued and published on the notice board."))
    return redirect("budget:office-hearing", pk=pk)


@role_required()
def office_lines(request):
    years = selectors.budget_years()
    year = _year_param(request, years)
    lines = list(selectors.budget_lines(year=year)) if year else []
    return render(
        request, "budget/office/lines.html", {"years": years, "year": year, "lines": lines}
    )


@role_required()
def office_line_form(request, pk=None):
    line = get_object_or_404(BudgetLine, pk=pk) if pk else None
    form = LineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.budget_line_save(
                actor=request.user,
                data=dict(form.cleaned_data),
                line=BudgetLine.objects.get(pk=pk) if pk else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The budget line is saved."))
            return redirect(f"{_url('budget:office-lines')}?year={saved.year}")
    return render(request, "budget/office/line_form.html", {"form": form, "line": line})


def _url(name, **kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


@role_required()
@require_POST
def office_line_delete(request, pk):
    line = get_object_or_404(BudgetLine, pk=pk)
    year = line.year
    services.budget_line_delete(actor=request.user, line=line)
    messages.success(request, _("The budget line is deleted."))
    return redirect(f"{_url('budget:office-lines')}?year={year}")


@role_required()
def office_line_links(request, pk):
    line = get_object_or_404(
        BudgetLine.objects.select_related("category").prefetch_related("links"), pk=pk
    )
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_link_add(actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The link is added."))
            return redirect("budget:office-line-links", pk=pk)
    return render(request, "budget/office/line_links.html", {"line": line, "form": form})


@role_required()
def office_categories(request):
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_category_save(actor=request.user, data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The category is saved."))
            return redirect("budget:office-categories")
    categories = BudgetCategory.objects.select_related("parent")
    return render(
        request, "budget/office/categories.html", {"form": form, "categories": categories}
    )


@role_required()
def office_category_edit(request, pk):
    category = get_object_or_404(BudgetCategory, pk=pk)
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_category_save(
                actor=request.user,
                data=dict(form.cleaned_data),
                category=BudgetCategory.objects.get(pk=pk),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The category is saved."))
            return redirect("budget:office-categories")
    return render(
        request, "budget/office/category_form.html", {"form": form, "category": category}
    )


@role_required()
def office_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.budget_lines_import(
                actor=request.user,
                content=form.cleaned_data["file"].read(),
                encoding=form.cleaned_data["encoding"],
                replace=form.cleaned_data["replace"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Imported: %(created)s new lines, %(updated)s replaced, %(categories)s new "
                    "categories."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "categories": result.categories_created,
                },
            )
            return redirect("budget:office-lines")
    return render(request, "budget/office/import.html", {"form": form, "result": result})
