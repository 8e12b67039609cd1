"""Package."""

from .applications import (
    APPLICATION_ACTIONS,
    PAPER_PEOPLE_SHOWN,
    application_check,
    blank_score_sheet,
    paper,
    paper_receipt,
    paper_sheet,
)
from .commission import (
    COMMISSION_ACTIONS,
    commission,
)
from .contests import (
    FROZEN,
    MOVE_LABELS,
    PROTOCOL_SHOWN,
    contest_detail,
    contest_edit,
    contest_extend,
    contest_move,
    contest_new,
    criteria,
    home,
)
from .roles import (
    office_only,
)

__all__ = [
    "office_only",
    "MOVE_LABELS",
    "home",
    "contest_new",
    "contest_edit",
    "contest_detail",
    "FROZEN",
    "PROTOCOL_SHOWN",
    "contest_move",
    "contest_extend",
    "criteria",
    "commission",
    "COMMISSION_ACTIONS",
    "paper",
    "PAPER_PEOPLE_SHOWN",
    "paper_receipt",
    "paper_sheet",
    "blank_score_sheet",
    "APPLICATION_ACTIONS",
    "application_check",
]
