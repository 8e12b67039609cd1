"""The shared kernel's models: one module per concern, re-exported here."""

from .accounts import ConfirmationCode, Role, User
from .audit import AuditEntry
from .base import TimeStampedModel
from .documents import DocumentCounter, OfficialDocument
from .local_issues import LocalIssue, LocalIssueList, LocalIssueReference
from .notices import Notice, NoticeAttachment
from .outbox import OutboxMessage, Subscription
from .profile import Municipality, Village

__all__ = [
    "AuditEntry",
    "ConfirmationCode",
    "DocumentCounter",
    "LocalIssue",
    "LocalIssueList",
    "LocalIssueReference",
    "Municipality",
    "Notice",
    "NoticeAttachment",
    "OfficialDocument",
    "OutboxMessage",
    "Role",
    "Subscription",
    "TimeStampedModel",
    "User",
    "Village",
]
