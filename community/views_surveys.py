"""Survey pages: answer online, results (bars without JavaScript, CSV, JSON), office."""

import csv
import json
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from municipality.permissions import is_office, role_required
from municipality.receipts import receipt_offer

from . import selectors, services
from .forms import AnswerForm, SurveyForm
from .models import Survey
from .view_helpers import form_service, post_service


def _survey(request, pk) -> Survey:
    survey = get_object_or_404(Survey, pk=pk)
    if survey.status == Survey.Status.DRAFT and not is_office(request.user):
        raise Http404
    return survey


#: Anonymous answers per client address (setting SURVEY_ANONYMOUS_RATE_IP): generous,
#: since a whole village may reach the site through one mobile operator's address.
SURVEY_ANONYMOUS_RATE_IP = "30/h"
_COOKIE_SALT = "community.survey.answered"


def _anonymous_rate(group, request):
    return getattr(settings, "SURVEY_ANONYMOUS_RATE_IP", SURVEY_ANONYMOUS_RATE_IP)


def _cookie(survey) -> str:
    return f"survey-{survey.pk}"


def _answered_here(request, survey) -> bool:
    """This browser already sent an anonymous answer (a signed cookie, not forgeable)."""
    value = request.get_signed_cookie(_cookie(survey), default=None, salt=_COOKIE_SALT)
    return value is not None


def _answer_mode(request, survey) -> str:
    """'account', 'anonymous' or '' (cannot answer online now)."""
    user = request.user
    if not survey.is_answerable(timezone.localdate()):
        return ""
    if user.is_authenticated and user.phone_confirmed_at:
        return "account"
    return "anonymous" if survey.allow_anonymous else ""


def _submit(request, survey, mode, values):
    if mode == "account":
        return services.response_submit(survey=survey, user=request.user, values=values)
    answered = _answered_here(request, survey)
    if not answered and is_ratelimited(
        request,
        group="community-survey-anonymous",
        key="ip",
        rate=_anonymous_rate,
        method="POST",
        increment=True,
    ):
        raise ValidationError(
            _("Too many answers were sent from your address. Please try again later.")
        )
    return services.response_submit_anonymous(
        survey=survey, values=values, answered_before=answered
    )


def _answered(request, survey, mode):
    messages.success(request, _("Thank you: your answers are saved."))
    response = redirect("community:survey-results", pk=survey.pk)
    if mode == "anonymous":
        response.set_signed_cookie(
            _cookie(survey),
            "1",
            salt=_COOKIE_SALT,
            max_age=400 * 24 * 3600,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


def survey_detail(request, pk):
    survey = _survey(request, pk)
    mode = _answer_mode(request, survey)
    form = AnswerForm(request.POST or None, survey=survey) if mode else None
    if request.method == "POST" and form is None:
        messages.error(request, _not_answerable_message(survey))
        return redirect(survey)
    if request.method == "POST" and form.is_valid():
        if form_service(form, partial(_submit, request, survey, mode, form.values())):
            return _answered(request, survey, mode)
    context = {
        "survey": survey,
        "form": form,
        "anonymous": mode == "anonymous",
        "answered_here": mode == "anonymous" and _answered_here(request, survey),
        "answerable": survey.is_answerable(timezone.localdate()),
        "is_office": is_office(request.user),
    }
    response = render(request, "community/survey_detail.html", context)
    if context["answered_here"]:
        # The page depends on this browser's cookie: never kept for other visitors.
        response["Cache-Control"] = "private, no-store"
    return response


def _not_answerable_message(survey) -> str:
    if not survey.is_answerable(timezone.localdate()):
        return _("This survey is not open for answers now.")
    return _("Confirm your phone number to answer the survey.")


def _results(request, pk):
    survey = _survey(request, pk)
    show_text = survey.free_text_public or is_office(request.user)
    return selectors.survey_results(survey=survey, show_text=show_text)


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
        "channels": {row["channel"]: row["count"] for row in results["channels"]},
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
        call = partial(services.survey_create, actor=request.user, **form.cleaned_data)
        survey = form_service(form, call)
        if survey is not None:
            messages.success(request, _("The survey is saved as a draft."))
            return redirect(survey)
    return render(request, "community/form.html", {"form": form, "title": _("Build a survey")})


def _move(request, pk, to):
    survey = get_object_or_404(Survey, pk=pk)
    call = partial(services.survey_move, survey=survey, to=to, actor=request.user)
    return post_service(request, call, to=survey)


@role_required()
@require_POST
def survey_open(request, pk):
    return _move(request, pk, Survey.Status.OPEN)


@role_required()
@require_POST
def survey_close(request, pk):
    return _move(request, pk, Survey.Status.CLOSED)


@role_required()
@require_POST
def survey_results_publish(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    return post_service(
        request,
        partial(services.survey_results_publish, survey=survey, actor=request.user),
        success=_("The results are announced on the notice board."),
        to=survey,
    )


@role_required()
def survey_questionnaire(request, pk):
    """The printable A4 questionnaire for the paper path, in Kyrgyz or (?language=ru) Russian."""
    survey = get_object_or_404(Survey, pk=pk)
    language = request.GET.get("language", "ky")
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise Http404
    pdf = selectors.survey_questionnaire_pdf(survey=survey, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="survey-{pk}-{language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@role_required()
def survey_paper(request, pk):
    """Enter a paper questionnaire for a person in the register."""
    survey = get_object_or_404(Survey, pk=pk)
    form = AnswerForm(request.POST or None, survey=survey, person_field=True)
    if request.method == "POST" and form.is_valid():
        call = partial(
            services.response_enter,
            survey=survey,
            actor=request.user,
            person=form.cleaned_data["person"],
            values=form.values(),
        )
        response = form_service(form, call)
        if response is not None:
            messages.success(request, _("The paper answers are entered."))
            receipt_offer(request, kind="community.response", obj=response)
            return redirect("community:survey-paper", pk=survey.pk)
    return render(
        request,
        "community/form.html",
        {"form": form, "title": _("Enter paper answers"), "subject": survey},
    )
