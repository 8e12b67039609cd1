"""Reads of the community app, one module per subject; the public names are re-exported
here so that `from community import selectors; selectors.priority_threads(...)` works."""

from .records import (
    assessments_public,
    gathering_detail,
    gathering_pdf_context,
    gatherings_public,
    initiative_groups_of,
    problems_unassigned,
    villages,
)
from .report import participation_people, report_figures, report_pdf_context, report_priorities
from .surveys import (
    AGE_BANDS,
    age_band,
    survey_questionnaire_pdf,
    survey_results,
    surveys_public,
)
from .threads import STEPS, Step, Thread, priorities_register, priority_thread, priority_threads

__all__ = [
    "AGE_BANDS",
    "STEPS",
    "Step",
    "Thread",
    "age_band",
    "assessments_public",
    "gathering_detail",
    "gathering_pdf_context",
    "gatherings_public",
    "initiative_groups_of",
    "participation_people",
    "priorities_register",
    "priority_thread",
    "priority_threads",
    "problems_unassigned",
    "report_figures",
    "report_pdf_context",
    "report_priorities",
    "survey_questionnaire_pdf",
    "survey_results",
    "surveys_public",
    "villages",
]
