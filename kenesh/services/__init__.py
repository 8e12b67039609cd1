"""Every write of the kenesh app: keyword-only, atomic, audited through the kernel.

One module per entity; the public names are re-exported here, so
`from kenesh.services import session_announce` (and `services.x`) keeps working.
"""

from .council import charter_save, commission_create, commission_update, deputy_create
from .decisions import decision_record
from .initiatives import (
    initiative_file,
    initiative_refuse,
    initiative_register,
    initiative_sign,
    initiative_to_agenda,
    initiative_withdraw,
    initiatives_expire,
)
from .petitions import petition_answer, petition_file, petition_support
from .resolutions import (
    resolution_link_typed,
    resolution_publish,
    resolution_register,
    resolution_translation_store,
    resolution_translations_store,
)
from .sessions import (
    agenda_item_add,
    announce_deadline,
    forwarded_proposals_add,
    initiators_invite,
    session_announce,
    session_create,
    session_hold,
    session_register,
)
from .sheets import sheet_enter

__all__ = [
    "agenda_item_add",
    "announce_deadline",
    "charter_save",
    "commission_create",
    "commission_update",
    "decision_record",
    "deputy_create",
    "forwarded_proposals_add",
    "initiative_file",
    "initiative_refuse",
    "initiative_register",
    "initiative_sign",
    "initiative_to_agenda",
    "initiative_withdraw",
    "initiatives_expire",
    "initiators_invite",
    "petition_answer",
    "petition_file",
    "petition_support",
    "resolution_link_typed",
    "resolution_publish",
    "resolution_register",
    "resolution_translation_store",
    "resolution_translations_store",
    "session_announce",
    "session_create",
    "session_hold",
    "session_register",
    "sheet_enter",
]
