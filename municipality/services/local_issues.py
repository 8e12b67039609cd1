"""Writes of the municipality's list of local issues; every one leaves an audit row."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from municipality.i18n import KYRGYZ
from municipality.models import AuditEntry, LocalIssue, LocalIssueList, Notice
from municipality.permissions import is_office
from municipality.selectors.local_issues import local_issue_snapshot, local_issues_current

from .audit import audit_record, model_changes
from .messages import event_texts
from .notices import notice_publish
from .outbox import absolute_url

#: The message event whose texts announce a published list (registered in apps.py).
LIST_PUBLISHED_EVENT = "municipality.local_issues_published"


def _real_changes(changes: dict) -> dict:
    """Drop the pairs that only swap an empty value for another (None for "")."""
    return {
        field: pair
        for field, pair in changes.items()
        if not (pair[0] in (None, "") and pair[1] in (None, ""))
    }


#: The fields staff edit; the Kyrgyz title may stay empty when a legal-list item is chosen.
LOCAL_ISSUE_FIELDS = (
    "reference",
    "title_ky",
    "title_ru",
    "description_ky",
    "description_ru",
    "priority",
)


def _local_issue_fill(local_issue: LocalIssue) -> None:
    """Take the title from the legal list when staff left it empty."""
    reference = local_issue.reference
    if reference is not None:
        for language in ("ky", "ru", "en"):
            field = f"title_{language}"
            if not getattr(local_issue, field):
                setattr(local_issue, field, getattr(reference, field) or "")
    if not local_issue.title_ky:
        raise ValidationError(
            {"title_ky": _("Choose an item of the legal list or write the issue's title.")}
        )
    with translation.override(KYRGYZ):  # the base column too; `title_ru` stays as typed
        local_issue.title = local_issue.title_ky
    if not 1 <= (local_issue.priority or 0) <= 5:
        raise ValidationError({"priority": _("The priority is a number from 1 to 5.")})


@transaction.atomic
def local_issue_create(*, actor, **fields) -> LocalIssue:
    """Add an entry to the municipality's list (from the legal list, or 'other')."""
    if not is_office(actor):
        raise PermissionDenied
    local_issue = LocalIssue(is_active=True)
    for field, value in fields.items():
        if field not in LOCAL_ISSUE_FIELDS:
            raise TypeError(f"Unknown local issue field: {field}")
        setattr(local_issue, field, value)
    _local_issue_fill(local_issue)
    local_issue.save()
    audit_record(
        actor=actor,
        obj=local_issue,
        action=AuditEntry.Action.CREATE,
        changes={
            field: (None, getattr(local_issue, field))
            for field in LOCAL_ISSUE_FIELDS
            if getattr(local_issue, field) not in (None, "")
        },
    )
    return local_issue


@transaction.atomic
def local_issue_update(*, local_issue: LocalIssue, actor, **fields) -> LocalIssue:
    """Edit an entry; the audit row keeps each changed field before → after."""
    if not is_office(actor):
        raise PermissionDenied
    local_issue = LocalIssue.objects.select_for_update().get(pk=local_issue.pk)
    before = {field: getattr(local_issue, field) for field in LOCAL_ISSUE_FIELDS}
    for field, value in fields.items():
        if field not in LOCAL_ISSUE_FIELDS:
            raise TypeError(f"Unknown local issue field: {field}")
        setattr(local_issue, field, value)
    _local_issue_fill(local_issue)
    local_issue.save()
    changes = _real_changes(
        model_changes(before=before, after=local_issue, fields=LOCAL_ISSUE_FIELDS)
    )
    if changes:
        audit_record(
            actor=actor, obj=local_issue, action=AuditEntry.Action.UPDATE, changes=changes
        )
    return local_issue


@transaction.atomic
def local_issue_remove(*, local_issue: LocalIssue, actor) -> LocalIssue:
    """Take an entry off the list; the row stays, as other records may point at it."""
    if not is_office(actor):
        raise PermissionDenied
    local_issue = LocalIssue.objects.select_for_update().get(pk=local_issue.pk)
    if local_issue.is_active:
        local_issue.is_active = False
        local_issue.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            obj=local_issue,
            action=AuditEntry.Action.DELETE,
            changes={"is_active": (True, False)},
        )
    return local_issue


@transaction.atomic
def local_issue_list_publish(*, actor, note: str = "") -> LocalIssueList:
    """Publish the draft list: freeze it for the public page and post a notice about it."""
    if not is_office(actor):
        raise PermissionDenied
    items = [local_issue_snapshot(issue) for issue in local_issues_current()]
    if not items:
        raise ValidationError(_("The list is empty: add at least one issue first."))
    publication = LocalIssueList.objects.create(published_by=actor, note=note, items=items)
    audit_record(
        actor=actor,
        obj=publication,
        action=AuditEntry.Action.PUBLISH,
        changes={"issues": ("", "; ".join(item["title_ky"] for item in items))},
    )
    context = {
        "items": items,
        "note": note,
        "url": absolute_url(path=reverse("municipality:local-issues")),
    }
    publication.notice = notice_publish(
        actor=actor,
        category=Notice.Category.GENERAL,
        subject=publication,
        **event_texts(event=LIST_PUBLISHED_EVENT, context=context),
    )
    publication.save(update_fields=["notice"])
    return publication
