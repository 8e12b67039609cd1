"""Applications: draft, submit, withdraw, paper intake, eligibility, support."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from municipality.limits import check_amount
from municipality.models import Person, Role
from municipality.services.public_version import public_content_changed

from .. import permissions as perms
from .. import selectors
from ..models import (
    Activity,
    Application,
    ApplicationAttachment,
    Contest,
    EstimateLine,
    Support,
)
from .common import A, _application_move, _notify, _when

# Applications --------------------------------------------------------------------------

APPLICATION_FIELDS = [
    "kind",
    "organisation",
    "group_members",
    "title",
    "village",
    "problem",
    "beneficiaries_count",
    "beneficiaries_who",
    "requested_sum",
    "contribution_cash",
    "contribution_goods",
    "contribution_ashar",
    "contribution_sponsors",
    "contact_phone",
    "contact_email",
    "answers",
]


@transaction.atomic
def application_save_draft(
    *,
    actor,
    contest: Contest,
    application: Application | None = None,
    fields: dict,
    local_issues=(),
    activities: list[dict] = (),
    estimate_lines: list[dict] = (),
    files=(),
    applicant=None,
    person=None,
    paper: dict | None = None,
    client_token: str = "",
) -> Application:
    """Create or update a draft; every "Save draft" lands here, so nothing typed is lost.

    `activities` and `estimate_lines` replace the existing rows; a line's total is
    computed when left empty. Staff entering a paper application pass `applicant` (an
    account) or `person` (the register of people) and `paper`: `received_on`,
    `incoming_number` and `late_reason`. The incoming number makes it idempotent: the same
    paper entered twice (two clerks at once) is one application.
    """
    if person is not None:
        applicant = person.user  # a claimed record: the account sees its paper history
        paper = paper_check(contest=contest, person=person, paper=paper or {})
        if application is None:
            application = _paper_already_entered(contest=contest, person=person, paper=paper)
            if application is not None and application.status != A.DRAFT:
                return application  # the same paper, registered by another clerk
    elif application is None and client_token:
        application = Application.objects.filter(
            applicant=applicant or actor, client_token=client_token
        ).first()
    application = _draft_for(
        actor=actor,
        contest=contest,
        application=application,
        applicant=applicant,
        person=person,
        client_token=client_token,
    )
    _fill(application, fields=fields, paper=paper if person is not None else None)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same form posted twice at once: keep the first
        return _first_of_twins(
            application=application, contest=contest, person=person, paper=paper
        )
    application.local_issues.set(local_issues)
    application.activities.all().delete()
    Activity.objects.bulk_create(
        [Activity(application=application, **row) for row in activities if row.get("description")]
    )
    application.estimate_lines.all().delete()
    EstimateLine.objects.bulk_create(
        [_estimate_line(application, row) for row in estimate_lines if row.get("item")]
    )
    for upload in files:
        ApplicationAttachment.objects.create(
            application=application,
            file=upload,
            title=upload.name[:200],
            content_type=getattr(upload, "detected_type", ""),
            size=upload.size,
        )
    return application


def _fill(application, *, fields: dict, paper: dict | None) -> None:
    for key, value in fields.items():
        if key in APPLICATION_FIELDS:
            setattr(application, key, value)
    for key in ("received_on", "incoming_number", "late_reason") if paper else ():
        setattr(application, key, paper[key])


def _paper_already_entered(*, contest, person, paper) -> Application | None:
    """The application already registered under this incoming number, if it is this paper."""
    number = paper["incoming_number"]
    application = Application.objects.filter(incoming_number=number).first()
    if application is not None and (
        application.contest_id != contest.pk or application.applicant_person_id != person.pk
    ):
        raise ValidationError(
            {
                "incoming_number": _(
                    "Incoming number %(number)s is already used by application «%(title)s»."
                )
                % {"number": number, "title": application}
            }
        )
    return application


def _draft_for(*, actor, contest, application, applicant, person, client_token) -> Application:
    """The draft to write: a new one (online or paper) after the permission check, or the
    existing one locked."""
    if application is not None:
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not perms.can_edit_application(actor, application):
            raise PermissionDenied
        return application
    if person is not None or (applicant is not None and applicant != actor):
        if not perms.can_enter_paper_application(actor, contest):
            raise PermissionDenied
        application = Application(
            contest=contest,
            applicant=applicant,
            applicant_person=person,
            is_paper=True,
            entered_by=actor,
        )
    else:
        if not perms.can_apply_to_contest(actor, contest):
            raise PermissionDenied
        application = Application(contest=contest, applicant=actor)
    application.client_token = client_token[:64]
    return application


def _first_of_twins(*, application, contest, person, paper) -> Application:
    """Two identical posts at once: the one saved first (same incoming number or token)."""
    if person is not None:
        first = Application.objects.get(incoming_number=paper["incoming_number"])
        if first.contest_id != contest.pk or first.applicant_person_id != person.pk:
            raise ValidationError(
                {"incoming_number": _("This incoming number is already used.")}
            ) from None
        return first
    return Application.objects.get(
        applicant=application.applicant, client_token=application.client_token
    )


def _estimate_line(application, row) -> EstimateLine:
    """An estimate line; its total is quantity × unit price (computed when left empty)."""
    total = row.get("total")
    computed = (row["quantity"] * row["unit_price"]).quantize(Decimal("0.01"))
    check_amount(
        computed,
        message=_(
            "Quantity × unit price is over %(max)s som, more than an estimate line can "
            "hold. Check the quantity and the unit price."
        ),
    )
    if total is None:
        total = computed
    elif total != computed:
        raise ValidationError(
            _("Estimate line «%(item)s»: the total is not quantity × unit price.")
            % {"item": row["item"]}
        )
    return EstimateLine(
        application=application,
        item=row["item"],
        unit=row.get("unit", ""),
        quantity=row["quantity"],
        unit_price=row["unit_price"],
        total=total,
    )


def paper_applicants(*, contest: Contest):
    """The people a paper application may be entered for: never staff or the commission."""
    barred = get_user_model().objects.filter(
        Q(groups__name__in=[Role.STAFF, Role.HEAD, Role.ADMINISTRATOR])
        | Q(pk__in=contest.members.values("user"))
        | Q(is_superuser=True)
    )
    return Person.objects.filter(
        Q(user__isnull=True) | ~Q(user__in=barred.values("pk"))
    ).select_related("village", "user")


def paper_check(*, contest: Contest, person, paper: dict) -> dict:
    """The paper's received date and incoming number, checked; a late paper needs a reason."""
    errors = {}
    received = paper.get("received_on")
    number = " ".join(str(paper.get("incoming_number") or "").split())[:30]
    late_reason = (paper.get("late_reason") or "").strip()
    if not paper_applicants(contest=contest).filter(pk=person.pk).exists():
        errors["__all__"] = _(
            "A paper application can be entered only for a resident, not for staff or a "
            "member of this contest's commission."
        )
    if not number:
        errors["incoming_number"] = _("Write the incoming number from the register of papers.")
    if received is None:
        errors["received_on"] = _("Write the date the paper was received.")
    elif received > timezone.localdate():
        errors["received_on"] = _("The paper cannot be received on a date in the future.")
    elif received > contest.window_closes and not late_reason:
        errors["late_reason"] = _(
            "The paper was received after the deadline (%(date)s). Write why it is accepted "
            "late, or do not accept it."
        ) % {"date": f"{contest.window_closes:%d.%m.%Y}"}
    if errors:
        raise ValidationError(errors)
    if received <= contest.window_closes:
        late_reason = ""
    return {"received_on": received, "incoming_number": number, "late_reason": late_reason}


@transaction.atomic
def application_attachment_delete(*, actor, attachment: ApplicationAttachment) -> None:
    """Delete an attachment (and its file) from an editable application."""
    if not perms.can_edit_application(actor, attachment.application):
        raise PermissionDenied
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def application_submit(*, actor, application: Application) -> Application:
    """Register a draft: number, time, receipt. A second submit returns the same application."""
    application = (
        Application.objects.select_for_update().select_related("contest").get(pk=application.pk)
    )
    if application.status != A.DRAFT and application.registration_number:
        if application.applicant_id == actor.pk or perms.is_contest_office_user(actor):
            return application  # a double click: the first submit already registered it
        raise PermissionDenied
    if not perms.can_submit_application(actor, application):
        raise PermissionDenied
    problems = selectors.application_problems(application)
    if problems:
        raise ValidationError(problems)
    contest = Contest.objects.select_for_update().get(pk=application.contest_id)
    if not application.registration_number:  # a corrected one keeps its number
        contest.application_counter += 1
        contest.save(update_fields=["application_counter"])
        application.sequence = contest.application_counter
        application.registration_number = f"{contest.pk}-{contest.application_counter:03d}"
    application.submitted_at = timezone.now()
    application.save(update_fields=["sequence", "registration_number", "submitted_at"])
    _application_move(
        application, to=A.SUBMITTED, actor=actor, permission=perms.can_submit_application
    )
    _notify(
        application.applicant,
        key=f"initiatives:receipt:{application.pk}",
        event="receipt",
        number=application.registration_number,
        title=application.title,
        contest=contest,
        time=_when(application.submitted_at),  # its title in the user's language
    )
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application) -> Application:
    """Take a submitted application back to a draft to correct it before the deadline."""
    application = (
        Application.objects.select_for_update().select_related("contest").get(pk=application.pk)
    )
    return _application_move(
        application,
        to=A.DRAFT,
        actor=actor,
        reason="Өтүнмө ээси оңдоо үчүн кайтарып алды.",
        permission=perms.can_withdraw_application,
    )


@transaction.atomic
def application_check(
    *, actor, application: Application, eligible: bool, reason: str
) -> Application:
    """Record the eligibility outcome with the reason the applicant sees."""
    application = (
        Application.objects.select_for_update().select_related("contest").get(pk=application.pk)
    )
    if not perms.can_check_application(actor, application):
        raise PermissionDenied
    if not eligible and not reason.strip():
        raise ValidationError(_("Give the reason the application is not eligible."))
    to = A.ELIGIBLE if eligible else A.INELIGIBLE
    if application.status == to:
        application.reason = reason
        application.save(update_fields=["reason", "updated_at"])
    else:
        _application_move(
            application,
            to=to,
            actor=actor,
            reason=reason,
            permission=perms.can_check_application,
        )
    application.checked_by = actor
    application.checked_at = timezone.now()
    application.save(update_fields=["checked_by", "checked_at"])
    _notify(
        application.applicant,
        key=f"initiatives:check:{application.pk}:{to}",
        event="check",
        application=application,
        number=application.registration_number,
        title=application.title,
        reason=reason,
    )
    return application


@transaction.atomic
def application_support(*, actor, application: Application) -> bool:
    """Record a resident's support once; True when it is new."""
    application = Application.objects.select_related("contest").get(pk=application.pk)
    if not perms.can_support_application(actor, application):
        raise PermissionDenied
    _support, created = Support.objects.get_or_create(application=application, user=actor)
    if created:
        public_content_changed()  # the contest page counts the residents' support
    return created


@dataclass
class Saved:
    """What `application_save_and_submit` did, for the form page to say and redirect."""

    application: Application
    # saved | submitted | warned (a contribution warning before submitting) | invalid (the
    # draft is saved, the submission refused: `errors`) | known (the same paper was already
    # registered) | done (another copy of the form submitted it meanwhile)
    outcome: str
    warning: str = ""
    errors: list = field(default_factory=list)


def _submitted_meanwhile(*, owner, token, application) -> Application | None:
    """The application another copy of this form (a double click) has submitted, or None."""
    rows = Application.objects.exclude(status=A.DRAFT)
    if application is not None:
        return rows.filter(pk=application.pk).first()
    return rows.filter(applicant=owner, client_token=token).first()


@transaction.atomic
def application_save_and_submit(
    *, actor, submit: bool = False, confirm_contribution: bool = False, **draft
) -> Saved:
    """Save the draft (idempotent by its form token or incoming number), then submit it."""
    owner = draft.get("person") or draft.get("applicant") or actor
    token = draft.get("client_token", "")
    try:
        saved = application_save_draft(actor=actor, **draft)
    except PermissionDenied:
        done = _submitted_meanwhile(owner=owner, token=token, application=draft.get("application"))
        if done is None:
            raise
        return Saved(done, "done")
    if saved.status != A.DRAFT:
        return Saved(saved, "known")  # the same paper, entered before
    warning = "" if saved.is_paper else selectors.contribution_problem(saved)
    if not submit:
        return Saved(saved, "saved", warning)
    if warning and not confirm_contribution:
        return Saved(saved, "warned", warning)  # correct the sums, or submit knowingly
    return _submit_saved(actor=actor, saved=saved, owner=owner, token=token)


def _submit_saved(*, actor, saved: Application, owner, token: str) -> Saved:
    try:
        application_submit(actor=actor, application=saved)
    except PermissionDenied:
        if _submitted_meanwhile(owner=owner, token=token, application=saved) is None:
            raise
        return Saved(saved, "done")
    except ValidationError as error:
        return Saved(saved, "invalid", errors=error.messages)
    return Saved(saved, "submitted")
