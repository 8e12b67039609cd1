"""Views parse input, check permission, call one service, respond (one module per area)."""

from .. import selectors, services
from .office_hearings import (
    office,
    office_hearing,
    office_hearing_announce,
    office_hearing_create,
    office_hearing_edit,
    office_hearing_hold,
    office_hearing_material,
    office_hearing_proposal,
    office_hearing_protocol,
    office_proposal_decide,
)
from .office_lines import (
    office_categories,
    office_category_edit,
    office_import,
    office_line_delete,
    office_line_form,
    office_line_links,
    office_lines,
)
from .public import (
    hearing_detail,
    hearing_list,
    hearing_propose,
    hearing_register,
    hearings_json,
    index,
    lines_csv,
    lines_json,
)

__all__ = [
    "hearing_detail",
    "hearing_list",
    "hearing_propose",
    "hearing_register",
    "hearings_json",
    "index",
    "lines_csv",
    "lines_json",
    "office",
    "office_categories",
    "office_category_edit",
    "office_hearing",
    "office_hearing_announce",
    "office_hearing_create",
    "office_hearing_edit",
    "office_hearing_hold",
    "office_hearing_material",
    "office_hearing_proposal",
    "office_hearing_protocol",
    "office_import",
    "office_line_delete",
    "office_line_form",
    "office_line_links",
    "office_lines",
    "office_proposal_decide",
    "selectors",
    "services",
]
