"""Every write of the kernel. Other apps call these; see each module's docstrings."""

from .audit import audit_record
from .documents import (
    document_correct,
    document_issue,
    document_kind_register,
    document_render,
    document_retry,
    head_signer,
)
from .issuing import document_issue_publish
from .messages import event_notify, event_texts, message_event_register
from .notices import notice_publish
from .outbox import message_queue
from .reminders import reminder_register
from .workflow import workflow_check, workflow_move

__all__ = [
    "document_kind_register",
    "audit_record",
    "document_correct",
    "document_issue",
    "document_render",
    "document_retry",
    "document_issue_publish",
    "event_notify",
    "event_texts",
    "head_signer",
    "message_event_register",
    "message_queue",
    "notice_publish",
    "reminder_register",
    "workflow_check",
    "workflow_move",
]
