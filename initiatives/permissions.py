"""Who may do what with contests and applications: pure functions of (user, object)."""

from municipality.models import Role
from municipality.permissions import has_role, is_head, is_office

from .models import Application, Contest

S = Contest.Status
A = Application.Status

# Which role moves a contest into each status.
CONTEST_MOVE_ROLES = {
    S.ANNOUNCED: (Role.STAFF, Role.HEAD),
    S.ACCEPTING: (Role.STAFF, Role.HEAD),
    S.EVALUATION: (Role.STAFF, Role.HEAD),
    S.PROTOCOL: (Role.STAFF, Role.HEAD),
    S.ADOPTED: (Role.STAFF, Role.HEAD),
    S.RESULTS: (Role.HEAD,),
    S.IMPLEMENTATION: (Role.STAFF, Role.HEAD),
    S.CLOSED: (Role.STAFF, Role.HEAD),
    S.POSTPONED: (Role.HEAD,),
    S.CANCELLED: (Role.HEAD,),
}


def can_create_contest(user) -> bool:
    return is_office(user)


def can_update_contest(user, contest: Contest) -> bool:
    return is_office(user) and contest.status in (S.DRAFT, S.ANNOUNCED, S.POSTPONED)


def can_edit_criteria(user, contest: Contest) -> bool:
    """Criteria and weights freeze once applications are accepted."""
    return is_office(user) and not contest.criteria_frozen


def can_move_contest(user, contest: Contest, to: str) -> bool:
    return contest.can_become(to) and has_role(user, *CONTEST_MOVE_ROLES.get(to, ()))


def can_extend_window(user, contest: Contest) -> bool:
    """The office may move the published deadline later while the call is open."""
    return is_office(user) and contest.status in (S.ANNOUNCED, S.ACCEPTING)


def can_manage_commission(user, contest: Contest) -> bool:
    return is_office(user) and contest.status in (S.DRAFT, S.ANNOUNCED, S.ACCEPTING)


def can_appoint_commission(user, contest: Contest) -> bool:
    """The head appoints the commission by order."""
    return is_head(user) and contest.status in (S.DRAFT, S.ANNOUNCED, S.ACCEPTING)


def can_view_contest(user, contest: Contest) -> bool:
    return contest.is_public or is_office(user)


def can_apply_to_contest(user, contest: Contest) -> bool:
    return bool(user and user.is_authenticated) and contest.status == S.ACCEPTING


def can_enter_paper_application(user, contest: Contest) -> bool:
    return is_office(user) and contest.status == S.ACCEPTING


def can_view_application(user, application: Application) -> bool:
    """The applicant and the office see everything; commission members see what they score."""
    if not (user and user.is_authenticated):
        return False
    if application.applicant_id == user.pk or is_office(user):
        return True
    return application.status != A.DRAFT and is_commission_member(user, application.contest)


def can_view_contest_file(user, contest_file) -> bool:
    return can_view_contest(user, contest_file.contest)


def can_view_application_file(user, attachment) -> bool:
    """An application's attachments are as private as the application."""
    return can_view_application(user, attachment.application)


def can_view_report_photo(user, photo) -> bool:
    return can_view_application(user, photo.report.application)


def can_edit_application(user, application: Application) -> bool:
    if application.status != A.DRAFT or application.contest.status != S.ACCEPTING:
        return False
    if application.is_paper:
        return is_office(user)
    return bool(user and user.is_authenticated) and application.applicant_id == user.pk


def can_withdraw_application(user, application: Application) -> bool:
    """The applicant takes a submitted (or not eligible) application back to correct it while
    the window is still open; it keeps its registration number."""
    return (
        bool(user and user.is_authenticated)
        and not application.is_paper
        and application.applicant_id == user.pk
        and application.status in (A.SUBMITTED, A.INELIGIBLE)
        and application.contest.status == S.ACCEPTING
        and application.contest.window_is_open()
    )


def can_submit_application(user, application: Application) -> bool:
    return can_edit_application(user, application)


def can_check_application(user, application: Application) -> bool:
    """Staff record eligibility while applications come in and during evaluation."""
    return (
        is_office(user)
        and application.status in (A.SUBMITTED, A.ELIGIBLE, A.INELIGIBLE)
        and application.contest.status in (S.ACCEPTING, S.EVALUATION)
    )


def is_commission_member(user, contest: Contest) -> bool:
    if not (user and user.is_authenticated):
        return False
    seats = getattr(contest, "_member_user_ids", None)
    if seats is None:
        seats = contest._member_user_ids = set(
            contest.members.filter(replaced_at__isnull=True).values_list("user_id", flat=True)
        )
    return user.pk in seats


def can_score_application(user, application: Application, declaration=None) -> bool:
    """A seat on this contest's commission, no declared conflict, an eligible application."""
    if application.contest.status != S.EVALUATION or application.status != A.ELIGIBLE:
        return False
    if not is_commission_member(user, application.contest):
        return False
    return not (declaration is not None and declaration.has_conflict)


def can_sign_protocol(user, contest: Contest) -> bool:
    """A member of the current commission signs the protocol while it is being signed."""
    return contest.status == S.PROTOCOL and is_commission_member(user, contest)


def can_enter_protocol_signature(user, contest: Contest, member=None) -> bool:
    """Staff or the head record a member's signature from the signed paper protocol (never
    their own seat, never a replaced one)."""
    if not is_office(user) or contest.status != S.PROTOCOL:
        return False
    return member is None or (
        member.contest_id == contest.pk
        and member.replaced_at is None
        and member.user_id != user.pk
    )


def can_view_protocol_signature(user, signature) -> bool:
    return is_office(user)


def can_replace_member(user, contest: Contest) -> bool:
    """The head replaces a member by order once the commission is appointed, until the
    results are approved."""
    return (
        is_head(user)
        and bool(contest.commission_order_id)
        and contest.status in (S.ANNOUNCED, S.ACCEPTING, S.EVALUATION)
    )


def can_enter_paper_sheet(user, application: Application, member=None) -> bool:
    """Staff or the head copy a member's signed paper sheet during the evaluation (never
    their own seat)."""
    if not is_office(user):
        return False
    if application.contest.status != S.EVALUATION or application.status != A.ELIGIBLE:
        return False
    return member is None or (
        member.contest_id == application.contest_id and member.user_id != user.pk
    )


def can_view_paper_sheet(user, sheet) -> bool:
    return is_office(user)


def can_clear_conflict(user, declaration) -> bool:
    """Staff or the head clear a declared conflict during the evaluation; never the member."""
    application = declaration.application
    return (
        is_office(user)
        and declaration.member.user_id != user.pk
        and application.contest.status == S.EVALUATION
        and application.status == A.ELIGIBLE
    )


def can_support_application(user, application: Application) -> bool:
    """Residents support others' applications during the optional public-support phase."""
    contest = application.contest
    return (
        bool(user and user.is_authenticated)
        and contest.public_support_phase
        and contest.status in (S.ACCEPTING, S.EVALUATION)
        and application.status in (A.SUBMITTED, A.ELIGIBLE)
        and application.applicant_id != user.pk
    )


def can_report_application(user, application: Application) -> bool:
    return (
        bool(user and user.is_authenticated)
        and application.applicant_id == user.pk
        and application.status == A.SELECTED
        and application.contest.status == S.IMPLEMENTATION
    )


def can_issue_agreement(user, application: Application) -> bool:
    return (
        is_office(user)
        and application.status == A.SELECTED
        and application.contest.status in (S.RESULTS, S.IMPLEMENTATION)
    )


def is_contest_office_user(user) -> bool:
    return is_office(user)


def is_commission_user(user) -> bool:
    return has_role(user, Role.COMMISSION_MEMBER) or bool(
        user and user.is_authenticated and user.contest_seats.exists()
    )
