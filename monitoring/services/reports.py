"""The group's periodic report (PDF)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from municipality.models import AuditEntry, OfficialDocument
from municipality.services import (
    audit_record,
    document_issue,
)

from .. import permissions as perms
from ..models import (
    GroupReport,
    MonitoringGroup,
)
from .common import _require, chair_title

# Reports


@transaction.atomic
def report_issue(
    *,
    actor,
    group: MonitoringGroup,
    period_start: datetime.date,
    period_end: datetime.date,
    summary: str = "",
) -> GroupReport:
    """The chair issues the group's periodic report (отчет) as a PDF in the registry."""
    _require(perms.can_issue_report(actor, group))
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    report = GroupReport.objects.create(
        group=group,
        period_start=period_start,
        period_end=period_end,
        summary=summary.strip(),
        created_by=actor,
    )
    seat = perms.seat_of(actor, group)
    with override("ky"):
        title = _("Report of the joint monitoring and evaluation group: %(group)s") % {
            "group": group.name
        }
    report.document = document_issue(
        kind=OfficialDocument.Kind.REPORT,
        subject=report,
        title=title,
        template_name="monitoring/pdf/report.html",
        actor=actor,
        signer_name=seat.name,
        signer_position=chair_title(),
    )
    report.save(update_fields=["document"])
    audit_record(actor=actor, obj=report, action=AuditEntry.Action.CREATE)
    return report
