"""Every write of the budget app; views, tasks and commands call these."""

from .hearings import (
    hearing_announce,
    hearing_create,
    hearing_hold,
    hearing_material_add,
    hearing_publish_protocol,
    hearing_update,
    hearings_due_tomorrow,
    proposal_decide,
    proposal_record,
    proposal_submit,
    registration_cancel,
    registration_create,
)
from .lines import (
    budget_category_save,
    budget_line_delete,
    budget_line_link_add,
    budget_line_save,
    budget_lines_import,
)

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
    "hearings_due_tomorrow",
    "proposal_decide",
    "proposal_record",
    "proposal_submit",
    "registration_cancel",
    "registration_create",
]
