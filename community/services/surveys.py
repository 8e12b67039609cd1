"""Surveys: built and moved by staff, answered online (account or anonymous) or on paper.

Online answers: one per account with a confirmed phone, or anonymous when the survey
allows it (once per browser and within a per-address limit, both checked by the view).
Paper answers: entered by staff for a person in the register, one per person.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from municipality.models import AuditEntry, Notice
from municipality.services.audit import audit_record
from municipality.services.notices import notice_publish
from municipality.services.public_version import public_content_changed
from municipality.services.workflow import workflow_move

from .. import permissions as perms
from ..models import (
    Answer,
    Option,
    Question,
    Response,
    Survey,
)
from ._common import _check_manage


@transaction.atomic
def survey_create(
    *,
    actor,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    questions: list[dict],
    description: str = "",
    free_text_public: bool = False,
    allow_anonymous: bool = False,
) -> Survey:
    """Build a survey: `questions` are dicts of kind, text and (for choices) options."""
    _check_manage(actor)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The survey cannot close before it opens.")})
    if not questions:
        raise ValidationError(_("A survey has at least one question."))
    survey = Survey.objects.create(
        title=title,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        free_text_public=free_text_public,
        allow_anonymous=allow_anonymous,
        created_by=actor,
    )
    for order, row in enumerate(questions):
        question = Question.objects.create(
            survey=survey, kind=row["kind"], text=row["text"], order=order
        )
        options = [o for o in row.get("options") or () if o.strip()]
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(options) < 2:
            raise ValidationError(
                _("A choice question needs at least two options: %(question)s")
                % {"question": question.text}
            )
        Option.objects.bulk_create(
            Option(question=question, text=text.strip(), order=n) for n, text in enumerate(options)
        )
    audit_record(actor=actor, obj=survey, action=AuditEntry.Action.CREATE)
    return survey


def survey_move(*, survey: Survey, to: str, actor) -> Survey:
    """Open or close a survey."""
    return workflow_move(
        obj=survey, to=to, actor=actor, permission=lambda u, o: perms.can_manage_community(u)
    )


@transaction.atomic
def survey_results_publish(*, survey: Survey, actor) -> Survey:
    """Announce a closed survey's results on the notice board, with a link to them."""

    _check_manage(actor)
    if survey.status != Survey.Status.CLOSED or survey.results_notice_id:
        raise ValidationError(_("Results are published once, after the survey is closed."))
    texts = {}
    for language in ("ky", "ru"):
        with translation.override(language):
            url = settings.SITE_URL.rstrip("/") + reverse(
                "community:survey-results", args=[survey.pk]
            )
            texts[language] = (
                _("Results of the survey «%(title)s»") % {"title": survey.title},
                _("The survey is closed. Its results: %(url)s") % {"url": url},
            )
    survey.results_notice = notice_publish(
        actor=actor,
        category=Notice.Category.GENERAL,
        title=texts["ky"][0],
        title_ru=texts["ru"][0],
        body=texts["ky"][1],
        body_ru=texts["ru"][1],
        subject=survey,
    )
    survey.save(update_fields=["results_notice"])
    audit_record(actor=actor, obj=survey, reason="results published")
    return survey


def _answers(survey: Survey, values: dict) -> list[tuple[Question, dict]]:
    """Check the answers; `values` maps a question pk to an option pk, a list of them, a
    scale value or a text."""
    rows = []
    for question in survey.questions.prefetch_related("options"):
        value = values.get(question.pk)
        if value in (None, "", []):
            continue
        options = {o.pk: o for o in question.options.all()}
        if question.kind == Question.Kind.SINGLE:
            chosen = [options.get(int(value))]
        elif question.kind == Question.Kind.MULTIPLE:
            chosen = [options.get(int(v)) for v in value]
        else:
            chosen = []
        if None in chosen:
            raise ValidationError(_("Choose one of the offered answers."))
        data = {"options": chosen}
        if question.kind == Question.Kind.SCALE:
            if int(value) not in range(1, 6):
                raise ValidationError(_("The scale goes from 1 to 5."))
            data["scale"] = int(value)
        if question.kind == Question.Kind.TEXT:
            data["text"] = str(value).strip()
        rows.append((question, data))
    if not rows:
        raise ValidationError(_("Answer at least one question."))
    return rows


def _store(response: Response, rows) -> Response:
    for question, data in rows:
        answer = Answer.objects.create(
            response=response,
            question=question,
            scale=data.get("scale"),
            text=data.get("text", ""),
        )
        if data["options"]:
            answer.options.set(data["options"])
    return response


def _period_check(survey: Survey) -> None:
    if not survey.is_answerable(timezone.localdate()):
        raise ValidationError(_("This survey is not open for answers now."))


@transaction.atomic
def response_submit(*, survey: Survey, user, values: dict) -> Response:
    """One online answer per person, from an account with a confirmed phone."""
    _period_check(survey)
    if not (user and user.is_authenticated and user.phone_confirmed_at):
        raise ValidationError(_("Confirm your phone number to answer the survey."))
    if Response.objects.filter(survey=survey, user=user).exists():
        raise ValidationError(_("You have already answered this survey."))
    rows = _answers(survey, values)
    person = getattr(user, "person", None)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                channel=Response.Channel.ONLINE,
                user=user,
                person=person,
                sex=user.sex or (person.sex if person else ""),
                birth_year=user.birth_year or (person.birth_year if person else None),
                village_id=user.village_id or (person.village_id if person else None),
            )
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey.")) from None
    public_content_changed()  # the public results page changes
    return _store(response, rows)


@transaction.atomic
def response_submit_anonymous(*, survey: Survey, values: dict, answered_before: bool) -> Response:
    """An online answer without an account: allowed by the survey, once per browser."""
    if not survey.allow_anonymous:
        raise ValidationError(_("Confirm your phone number to answer the survey."))
    _period_check(survey)
    if answered_before:
        raise ValidationError(_("You have already answered this survey."))
    rows = _answers(survey, values)
    response = Response.objects.create(survey=survey, channel=Response.Channel.ANONYMOUS)
    public_content_changed()  # the public results page changes
    return _store(response, rows)


@transaction.atomic
def response_enter(*, survey: Survey, actor, person, values: dict) -> Response:
    """Staff enter a paper questionnaire for a person in the register."""
    _check_manage(actor)
    _period_check(survey)
    if Response.objects.filter(survey=survey, person=person).exists():
        raise ValidationError(_("This person's answers are already entered."))
    rows = _answers(survey, values)
    response = Response.objects.create(
        survey=survey,
        channel=Response.Channel.PAPER,
        person=person,
        user=person.user,
        sex=person.sex,
        birth_year=person.birth_year,
        village_id=person.village_id,
        entered_by=actor,
    )
    audit_record(actor=actor, obj=survey, reason=f"paper answers for person #{person.pk}")
    return _store(response, rows)
