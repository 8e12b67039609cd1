"""Every write of the community app: keyword-only, atomic, audited, permission checked.

One module per entity; the public names are re-exported here so that
`from community.services import gathering_hold` keeps working.
"""

from .assessments import assessment_record
from .gatherings import (
    MINUTES_TITLE,
    gathering_announce,
    gathering_cancel,
    gathering_hold,
    gathering_kind_register,
)
from .groups import initiative_group_create
from .priorities import (
    priority_close,
    priority_create,
    priority_delete,
    priority_link,
    priority_unlink,
    problem_attach,
)
from .reports import REPORT_TITLE, report_publish, report_save
from .surveys import (
    response_enter,
    response_submit,
    response_submit_anonymous,
    survey_create,
    survey_move,
    survey_results_publish,
)

__all__ = [
    "MINUTES_TITLE",
    "REPORT_TITLE",
    "assessment_record",
    "gathering_announce",
    "gathering_cancel",
    "gathering_hold",
    "gathering_kind_register",
    "initiative_group_create",
    "priority_close",
    "priority_create",
    "priority_delete",
    "priority_link",
    "priority_unlink",
    "problem_attach",
    "report_publish",
    "report_save",
    "response_enter",
    "response_submit",
    "response_submit_anonymous",
    "survey_create",
    "survey_move",
    "survey_results_publish",
]
