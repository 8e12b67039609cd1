"""Office pages of the budget lines, their categories, links and the CSV import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.forms.errors import add_service_errors
from municipality.permissions import role_required

from .. import selectors, services
from ..forms import (
    CategoryForm,
    ImportForm,
    LineForm,
    LinkForm,
)
from ..models import BudgetCategory, BudgetLine
from .common import url_to, year_param


@role_required()
def office_lines(request):
    years = selectors.budget_years()
    year = year_param(request, years)
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
            return redirect(f"{url_to('budget:office-lines')}?year={saved.year}")
    return render(request, "budget/office/line_form.html", {"form": form, "line": line})


@role_required()
@require_POST
def office_line_delete(request, pk):
    line = get_object_or_404(BudgetLine, pk=pk)
    year = line.year
    services.budget_line_delete(actor=request.user, line=line)
    messages.success(request, _("The budget line is deleted."))
    return redirect(f"{url_to('budget:office-lines')}?year={year}")


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
