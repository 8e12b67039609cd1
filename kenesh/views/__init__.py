"""Views parse input, check permission, call one service and respond; one module per entity,
every view re-exported here for `kenesh/urls.py`."""

from .council import commission_edit, commissions, deputies, office
from .initiatives import (
    initiative_create,
    initiative_detail,
    initiative_list,
    initiative_manage,
    initiative_sign,
    initiative_withdraw,
    sheet_enter,
    signature_sheet_pdf,
)
from .petitions import (
    petition_answer,
    petition_create,
    petition_detail,
    petition_list,
    petition_support,
)
from .resolutions import resolution_detail, resolution_list, resolution_pdf_ru, resolution_publish
from .sessions import (
    decision_record,
    index,
    session_create,
    session_detail,
    session_manage,
    session_poster,
    session_register,
)

__all__ = [
    "commission_edit",
    "commissions",
    "decision_record",
    "deputies",
    "index",
    "initiative_create",
    "initiative_detail",
    "initiative_list",
    "initiative_manage",
    "initiative_sign",
    "initiative_withdraw",
    "office",
    "petition_answer",
    "petition_create",
    "petition_detail",
    "petition_list",
    "petition_support",
    "resolution_detail",
    "resolution_list",
    "resolution_pdf_ru",
    "resolution_publish",
    "session_create",
    "session_detail",
    "session_manage",
    "session_poster",
    "session_register",
    "sheet_enter",
    "signature_sheet_pdf",
]
