"""After the results: agreements and implementation reports."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.i18n import in_kyrgyz
from municipality.models import AuditEntry, OfficialDocument
from municipality.services import (
    audit_record,
    document_issue,
    head_signer,
)
from municipality.services.attendance import attendance_record

from .. import permissions as perms
from ..models import (
    Application,
    ImplementationReport,
    ReportPhoto,
)

# After the results ---------------------------------------------------------------------


@transaction.atomic
def agreement_issue(
    *, actor, application: Application, report_due: datetime.date | None = None
) -> Application:
    """The agreement (макулдашуу) and terms of reference with a winner, plus report due dates."""
    application = (
        Application.objects.select_for_update().select_related("contest").get(pk=application.pk)
    )
    if not perms.can_issue_agreement(actor, application):
        raise PermissionDenied
    if application.agreement_id:
        return application
    application.agreement = document_issue(
        kind=OfficialDocument.Kind.AGREEMENT,
        subject=application,
        title=in_kyrgyz(
            gettext_lazy("Agreement on implementing the project «%(title)s»"),
            title=application.title,
        ),
        template_name="initiatives/pdf/agreement.html",
        actor=actor,
        **head_signer(fallback_name=actor.full_name),
    )
    application.terms = document_issue(
        kind=OfficialDocument.Kind.TERMS,
        subject=application,
        title=in_kyrgyz(
            gettext_lazy("Terms of reference of the project «%(title)s»"), title=application.title
        ),
        template_name="initiatives/pdf/terms.html",
        actor=actor,
    )
    application.save(update_fields=["agreement", "terms", "updated_at"])
    final_due = report_due or timezone.localdate() + datetime.timedelta(days=60)
    progress_due = timezone.localdate() + (final_due - timezone.localdate()) / 2
    ImplementationReport.objects.get_or_create(
        application=application,
        kind=ImplementationReport.Kind.PROGRESS,
        defaults={"due_date": progress_due},
    )
    ImplementationReport.objects.get_or_create(
        application=application,
        kind=ImplementationReport.Kind.FINAL,
        defaults={"due_date": final_due},
    )
    audit_record(
        actor=actor,
        obj=application,
        action=AuditEntry.Action.UPDATE,
        changes={"agreement": ("", str(application.agreement))},
    )
    return application


@transaction.atomic
def report_submit(
    *,
    actor,
    report: ImplementationReport,
    text: str,
    spending: list[dict],
    photos=(),
    attendance: dict | None = None,
    villages: dict | None = None,
) -> ImplementationReport:
    """A winner's progress or final report with spending against the estimate.

    `attendance` (the kernel's input names) and `villages` count who came to the
    project's events; both are optional and checked by the kernel's `attendance_record`.
    """
    report = (
        ImplementationReport.objects.select_for_update()
        .select_related("application__contest")
        .get(pk=report.pk)
    )
    if not perms.can_report_application(actor, report.application):
        raise PermissionDenied
    if report.submitted_at:
        raise ValidationError(_("This report is already submitted."))
    report.attendance = attendance_record(
        attendance=report.attendance,
        values=attendance or {},
        villages=villages,
        held_on=timezone.localdate(),
        source="initiatives.implementationreport",
    )
    report.text = text
    report.spending = [
        {"item": r["item"], "planned": str(r["planned"]), "spent": str(r["spent"])}
        for r in spending
    ]
    report.submitted_at = timezone.now()
    report.save()
    for photo in photos:
        ReportPhoto.objects.create(report=report, file=photo)
    audit_record(
        actor=actor,
        obj=report.application,
        action=AuditEntry.Action.UPDATE,
        changes={"report": ("", report.get_kind_display())},
    )
    return report
