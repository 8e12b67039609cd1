"""The kenesh (айылдык кеңеш) and the people's direct participation in it.

Deputies and the standing commissions; sessions (сессия) announced with their agenda (күн
тартиби) in advance; decisions with their votes and the register of resolutions (токтом);
the people's norm-making initiative (ченем жаратуу (элдик) демилгеси) that collects
signatures (кол тамга) online and on paper; petitions (петиция) to the ayil okmotu.

One module per entity; every model is re-exported here (`from kenesh.models import Session`).
"""

from .council import Charter, Commission, Deputy
from .initiatives import Initiative
from .petitions import Petition
from .resolutions import Resolution
from .sessions import AgendaItem, Decision, Session, SessionRegistration
from .signatures import PaperSheet, Signature

__all__ = [
    "AgendaItem",
    "Charter",
    "Commission",
    "Decision",
    "Deputy",
    "Initiative",
    "PaperSheet",
    "Petition",
    "Resolution",
    "Session",
    "SessionRegistration",
    "Signature",
]
