"""Survey pages: answer online, results (bars without JavaScript, CSV, JSON), office."""

import csv
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.forms.errors import add_service_errors
from municipality.permissions import is_office, role_required
from municipality.receipts import receipt_offer

from . import surveys
from .forms import AnswerForm, SurveyForm
from .models import Survey


def _survey(request, pk) -> Survey:
    survey = get_object_or_404(Survey, pk=pk)
    if survey.status == Survey.Status.DRAFT and not is_office(request.user):
        raise Http404
    return survey


def survey_detail(request, pk):
    survey = _survey(request, pk)
    user = request.user
    answerable = survey.is_answerable(timezone.localdate())
    can_answer = bool(answerable and user.is_authenticated and user.phone_confirmed_at)
    form = AnswerForm(request.POST or None, survey=survey) if can_answer else None
    if request.method == "POST":
        if form is None:
            messages.error(
                request,
                _("This survey is not open for answers now.")
                if not answerable
                else _("Confirm your phone number to answer the survey."),
            )
            return redirect(survey)
        if form.is_valid():
            try:
                with transaction.atomic():
                    surveys.response_submit(survey=survey, user=user, values=form.values())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect("community:survey-results", pk=survey.pk)
    context = {
        "survey": survey,
        "form": form,
        "answerable": answerable,
        "is_office": is_office(user),
    }
    return render(request, "community/survey_detail.html", context)


def _results(request, pk):
    survey = _survey(request, pk)
    show_text = survey.free_text_public or is_office(request.user)
    return surveys.survey_results(survey=survey, show_text=show_text)


def survey_results(request, pk):
    results = _results(request, pk)
    return render(request, "community/survey_results.html", {"results": results})


def survey_results_csv(request, pk):
    results = _results(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{pk}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Question"), _("Group"), _("Answer"), _("Count"), "%"])
    for item in results["questions"]:
        for row in item["answers"]:
            writer.writerow(
                [item["question"].text, _("All"), row["label"], row["count"], row["percent"]]
            )
        for name, groups in item["breakdowns"].items():
            for group in groups:
                for row in group["answers"]:
                    writer.writerow(
                        [
                            item["question"].text,
                            f"{name}: {group['group']}",
                            row["label"],
                            row["count"],
                            row["percent"],
                        ]
                    )
    return response


def survey_results_json(request, pk):
    results = _results(request, pk)
    data = {
        "survey": results["survey"].title,
        "responses": results["responses"],
        "questions": [
            {
                "question": item["question"].text,
                "kind": item["question"].kind,
                "total": item["total"],
                "answers": item["answers"],
                "breakdowns": item["breakdowns"],
                **({"texts": item["texts"]} if item.get("texts") is not None else {}),
            }
            for item in results["questions"]
        ],
    }
    return JsonResponse(json.loads(json.dumps(data, default=str)))


@role_required()
def survey_create(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                survey = surveys.survey_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey is saved as a draft."))
            return redirect(survey)
    return render(request, "community/form.html", {"form": form, "title": _("Build a survey")})


def _move(request, pk, to):
    survey = get_object_or_404(Survey, pk=pk)
    try:
        with transaction.atomic():
            surveys.survey_move(survey=survey, to=to, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(survey)


@role_required()
@require_POST
def survey_open(request, pk):
    return _move(request, pk, Survey.Status.OPEN)


@role_required()
@require_POST
def survey_close(request, pk):
    return _move(request, pk, Survey.Status.CLOSED)


@role_required()
def survey_paper(request, pk):
    """Enter a paper questionnaire for a person in the register."""
    survey = get_object_or_404(Survey, pk=pk)
    form = AnswerForm(request.POST or None, survey=survey, person_field=True)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                response = surveys.response_enter(
                    survey=survey,
                    actor=request.user,
                    person=form.cleaned_data["person"],
                    values=form.values(),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The paper answers are entered."))
            receipt_offer(request, kind="community.response", obj=response)
            return redirect("community:survey-paper", pk=survey.pk)
    return render(
        request,
        "community/form.html",
        {"form": form, "title": _("Enter paper answers"), "subject": survey},
    )
