"""Every write of the monitoring app, one module per entity; views and tasks call these."""

from .groups import (
    DEFAULT_QUESTIONS,
    GROUP_FIELDS,
    group_create,
    group_initial,
    group_update,
    member_add,
    member_remove,
    question_save,
    subject_create,
)
from .protocols import (
    PROTOCOL_FIELDS,
    ProtocolSaved,
    photo_add,
    protocol_return,
    protocol_save,
    protocol_save_with_photos,
    protocol_start,
    protocol_submit,
)
from .recommendations import (
    recommendation_answer,
    recommendation_reopen,
    recommendation_resolve,
)
from .reports import (
    report_issue,
)
from .signing import (
    protocol_quorum,
    protocol_sign,
)

__all__ = [
    "DEFAULT_QUESTIONS",
    "GROUP_FIELDS",
    "PROTOCOL_FIELDS",
    "group_create",
    "group_initial",
    "group_update",
    "member_add",
    "member_remove",
    "photo_add",
    "protocol_quorum",
    "protocol_return",
    "ProtocolSaved",
    "protocol_save",
    "protocol_save_with_photos",
    "protocol_sign",
    "protocol_start",
    "protocol_submit",
    "question_save",
    "recommendation_answer",
    "recommendation_reopen",
    "recommendation_resolve",
    "report_issue",
    "subject_create",
]
