"""The shared kernel's models: one module per concern, re-exported here."""

from .accounts import ConfirmationCode, Role, User
from .attendance import Attendance, AttendanceVillage
from .audit import AuditEntry
from .base import TimeStampedModel
from .documents import DocumentCounter, OfficialDocument
from .local_issues import LegalListVersion, LocalIssue, LocalIssueList, LocalIssueReference
from .notices import Notice, NoticeAttachment
from .outbox import OutboxMessage, Subscription
from .people import Person
from .profile import Municipality, Village
from .workflow import WorkflowModel

__all__ = [
    "Attendance",
    "AttendanceVillage",
    "AuditEntry",
    "ConfirmationCode",
    "DocumentCounter",
    "LocalIssue",
    "LegalListVersion",
    "LocalIssueList",
    "LocalIssueReference",
    "Municipality",
    "Notice",
    "NoticeAttachment",
    "OfficialDocument",
    "OutboxMessage",
    "Person",
    "Role",
    "Subscription",
    "TimeStampedModel",
    "User",
    "Village",
    "WorkflowModel",
]
