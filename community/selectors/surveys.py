"""Survey reads: results per answer, by sex, age band, village and way of answering; the
printable questionnaire."""

from collections import Counter, defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.models import Municipality, Village

from ..models import (
    Answer,
    Question,
    Response,
    Survey,
)

AGE_BANDS = (
    ("under_18", gettext_lazy("under 18"), 0, 17),
    ("aged_18_29", gettext_lazy("aged 18–29"), 18, 29),
    ("aged_30_59", gettext_lazy("aged 30–59"), 30, 59),
    ("aged_60_plus", gettext_lazy("aged 60 and over"), 60, 200),
)


def age_band(birth_year, year) -> str:
    if not birth_year:
        return ""
    age = year - birth_year
    return next((key for key, _l, low, high in AGE_BANDS if low <= age <= high), "")


def survey_questionnaire_pdf(*, survey: Survey, language: str = "ky") -> bytes:
    """The A4 paper questionnaire of a survey in `language` (a blank form, not numbered)."""
    from municipality.pdf import render_pdf  # WeasyPrint loads only where a PDF is drawn

    context = {
        "survey": survey,
        "questions": list(survey.questions.prefetch_related("options")),
        "scale": range(1, 6),
        "municipality": Municipality.current(),
    }
    return render_pdf(
        template_name="community/pdf/questionnaire.html", context=context, language=language
    )


def _percent(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def survey_results(*, survey: Survey, show_text: bool) -> dict:
    """Counts and percentages per answer, overall and by sex, age band and village."""
    year = survey.opens_on.year
    responses = {r.pk: r for r in survey.responses.all()}
    answers = list(Answer.objects.filter(response__survey=survey).prefetch_related("options"))
    by_question = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    villages = {v.pk: v.name for v in Village.objects.all()}
    groups = {
        "sex": lambda r: {"f": _("Women"), "m": _("Men")}.get(r.sex, _("Not known")),
        "age": lambda r: str(
            dict((k, label) for k, label, _a, _b in AGE_BANDS).get(
                age_band(r.birth_year, year), _("Not known")
            )
        ),
        "village": lambda r: villages.get(r.village_id, _("Not known")),
        "channel": lambda r: str(Response.Channel(r.channel).label),
    }
    questions = []
    for question in survey.questions.prefetch_related("options"):
        rows = by_question[question.pk]
        total = len(rows)
        if question.kind == Question.Kind.SCALE:
            labels = [(str(n), str(n)) for n in range(1, 6)]
            picks = [[str(a.scale)] for a in rows]
        else:
            labels = [(str(o.pk), o.text) for o in question.options.all()]
            picks = [[str(o.pk) for o in a.options.all()] for a in rows]
        counts = Counter(k for pick in picks for k in pick)
        item = {
            "question": question,
            "total": total,
            "answers": [
                {"label": label, "count": counts[key], "percent": _percent(counts[key], total)}
                for key, label in labels
            ],
            "breakdowns": {},
        }
        for name, key_of in groups.items():
            table = defaultdict(Counter)
            sizes = Counter()
            for answer, pick in zip(rows, picks, strict=True):
                group = key_of(responses[answer.response_id])
                sizes[group] += 1
                table[group].update(pick)
            item["breakdowns"][name] = [
                {
                    "group": group,
                    "total": sizes[group],
                    "answers": [
                        {
                            "label": label,
                            "count": table[group][key],
                            "percent": _percent(table[group][key], sizes[group]),
                        }
                        for key, label in labels
                    ],
                }
                for group in sorted(sizes, key=str)
            ]
        if question.kind == Question.Kind.TEXT:
            item["texts"] = [a.text for a in rows] if show_text else None
        questions.append(item)
    channels = Counter(r.channel for r in responses.values())
    return {
        "survey": survey,
        "responses": len(responses),
        "channels": [
            {"channel": key, "label": label, "count": channels[key]}
            for key, label in Response.Channel.choices
        ],
        "anonymous": channels[Response.Channel.ANONYMOUS],
        "questions": questions,
    }


def surveys_public():
    """Surveys past the draft, newest first (index `survey_newest`)."""
    return Survey.objects.exclude(status=Survey.Status.DRAFT).order_by("-opens_on", "-pk")
