"""Every write of the budget app; views, tasks and commands call these."""

from . import hearings
from .hearings import (
    hearing_announce,
    hearing_create,
    hearing_hold,
    hearing_material_add,
    hearing_publish_protocol,
    hearing_update,
    hearings_due_tomorrow,
    notice_days,
)
from .lines import (
    budget_category_save,
    budget_line_delete,
    budget_line_link_add,
    budget_line_save,
    budget_lines_import,
)
from .proposals import proposal_decide, proposal_record, proposal_submit
from .registrations import registration_cancel, registration_create

__all__ = [
    "budget_category_save",
    "budget_line_delete",
    "budget_line_link_add",
    "budget_line_save",
    "budget_lines_import",
    "hearing_announce",
    "hearing_create",
    "hearing_hold",
    "hearing_material_add",
    "hearing_publish_protocol",
    "hearing_update",
    "hearings",
    "hearings_due_tomorrow",
    "notice_days",
    "proposal_decide",
    "proposal_record",
    "proposal_submit",
    "registration_cancel",
    "registration_create",
]
