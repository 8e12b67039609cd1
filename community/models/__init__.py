"""Steps 1, 2 and 8 of seed 000's cycle: the village's voice and the report back.

Gatherings and kurultai (айылдык жыйын, курултай) are announced and then held with
minutes, attendance and decisions. Needs assessment meetings (ЭКБА) in each village
name problems and rank them; the problems feed the priority register (артыкчылыктуу
маселелер), whose entries are followed through the eight steps of the cycle by the
links to the other apps kept here (community → other apps, never the reverse).
Initiative groups (демилгелүү топтор) form per priority, and the annual report to the
population (ЖӨБОнын калк астындагы отчету) is compiled from the year's records.
"""

from .assessments import Assessment
from .gatherings import Gathering
from .groups import InitiativeGroup, InitiativeGroupMember
from .links import PriorityLink
from .priorities import Priority, PriorityQuerySet
from .problems import Problem
from .reports import AnnualReport
from .surveys import Answer, Option, Question, Response, Survey

__all__ = [
    "AnnualReport",
    "Answer",
    "Assessment",
    "Gathering",
    "InitiativeGroup",
    "InitiativeGroupMember",
    "Option",
    "Priority",
    "PriorityLink",
    "PriorityQuerySet",
    "Problem",
    "Question",
    "Response",
    "Survey",
]
