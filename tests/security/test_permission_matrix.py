"""The permission matrix: every URL pattern × every role × telling object states.

The URL patterns come from the URL conf (a walk of `get_resolver()`), so a new URL with no
row in EXPECTED fails `test_every_url_pattern_is_classified`. Each row says, per role, what
a GET must answer (200, a redirect to the login page, 403, 404, 405 for POST-only views,
or 302 for pages that send the person elsewhere), and, for the roles that may not act, that
a POST is refused the same way (a POST without permission must never succeed).
"""

from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.security.conftest import record_figure
from tests.security.world import ROLES, build_world, clients_for

LOGIN = "login"  # a redirect to the site's login page
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's login page
DENIALS = (LOGIN, ADMIN_LOGIN, 403, 404, 405)


def exp(default, **overrides):
    unknown = set(overrides) - set(ROLES)
    assert not unknown, unknown
    return {role: overrides.get(role, default) for role in ROLES}


OFFICE_ROLES = ("staff", "head")
MANAGERS = ("staff", "head", "kenesh", "administrator")  # can_manage_documents


def public(code=200):
    return exp(code)


def login_required(code=200, **overrides):
    return exp(code, **{"visitor": LOGIN, **overrides})


def office(code=200, **overrides):
    """role_required(): staff and head; visitors to the login page; everyone else 403."""
    return exp(403, **{"visitor": LOGIN, "staff": code, "head": code, **overrides})


def office_post(**overrides):
    """role_required() + require_POST: a GET by the office is 405."""
    return office(405, **overrides)


def office_form(**overrides):
    """role_required() + form_action: a GET by the office goes to the form's page (302), or
    shows its last failed draft again."""
    return office(302, **overrides)


def hidden(**allowed):
    """Object pages shown to some, a 404 for everyone else (visitors included)."""
    return exp(404, **allowed)


def owner(code=200, **overrides):
    """login_required, then the owner (the resident) only; others get a 404."""
    return exp(404, **{"visitor": LOGIN, "resident": code, **overrides})


@dataclass
class Row:
    kwargs: object = None  # callable(world) -> dict, or None
    get: dict = field(default_factory=dict)
    # POST expectations for roles that may not act; by default the GET denial is repeated.
    post: dict | None = None
    label: str = ""


def k(**attrs):
    """kwargs from world attributes: k(pk="notice") → {"pk": world.notice.pk}."""
    return lambda w: {
        name: getattr(w, attr).pk if not isinstance(attr, tuple) else attr[0]
        for name, attr in attrs.items()
    }


def _content_type_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def stored_file(attr, field="file"):
    """kwargs of the file view for a world object's stored file."""

    def kwargs(w):
        obj = getattr(w, attr)
        return {
            "model": obj._meta.label_lower,
            "pk": obj.pk,
            "field": field,
            "name": getattr(obj, field).name.rsplit("/", 1)[-1],
        }

    return kwargs


def _legal_list_version(w) -> dict:
    """A loaded version of the legal list, not in force (made on first use)."""
    from municipality.models import LegalListVersion

    version = LegalListVersion.objects.filter(applied_at__isnull=True).first()
    if version is None:
        version = LegalListVersion.objects.create(
            source="Мыйзам", items=[{"number": 1, "title_ky": "Суу", "title_ru": "Вода"}]
        )
    return {"pk": version.pk}


EXPECTED: dict[str, list[Row]] = {
    # Outside the language prefix
    "root": [Row(get=public(302))],
    "healthz": [Row(get=public(200))],
    "favicon": [Row(get=public(302))],  # a 301 to the static file
    "set_language": [Row(get=public(302))],
    # Uploaded files (municipality/views/files.py); /media/ is routed only with DEBUG on.
    "file": [
        Row(stored_file("document"), public(), post=exp(405), label="issued public document"),
        Row(
            stored_file("attachment"),
            exp(404, resident=200, staff=200, head=200),
            post=exp(405),
            label="draft application's attachment",
        ),
    ],
    # Kernel: public pages
    "municipality:home": [Row(get=public())],
    "municipality:search": [Row(get=public())],
    "municipality:notice-list": [Row(get=public())],
    "municipality:notice-feed": [Row(get=public())],
    "municipality:notice-detail": [
        Row(k(pk="notice"), public()),
        Row(k(pk="notice_draft"), hidden(), label="draft"),
    ],
    "municipality:notice-poster": [
        Row(k(pk="notice"), public()),
        Row(k(pk="notice_draft"), hidden(), label="draft"),
    ],
    "municipality:local-issues": [Row(get=public())],
    "municipality:participation": [Row(get=public())],
    "municipality:document-list": [Row(get=public())],
    "municipality:document-detail": [
        Row(k(pk="document"), public()),
        Row(k(pk="document_private"), hidden(**{r: 200 for r in MANAGERS}), label="private"),
    ],
    "municipality:document-pdf": [
        Row(k(pk="document"), public()),
        Row(k(pk="document_private"), hidden(), label="private, failed"),
    ],
    "municipality:document-retry": [
        Row(
            k(pk="document_private"),
            exp(405),
            post=exp(404, **{r: None for r in MANAGERS}),
            label="private",
        ),
    ],
    "municipality:office-documents": [
        Row(get=exp(403, visitor=LOGIN, **{r: 200 for r in MANAGERS}))
    ],
    "municipality:document-correct": [
        Row(
            k(pk="document"),
            exp(405),
            post=exp(403, visitor=LOGIN, **{r: None for r in MANAGERS}),
            label="public",
        ),
        Row(
            k(pk="document_private"),
            exp(405),
            post=exp(404, **{r: None for r in MANAGERS}),
            label="private",
        ),
    ],
    "municipality:office-document-paper": [
        Row(
            get=exp(403, visitor=LOGIN, **{r: 200 for r in MANAGERS}),
            post=exp(403, visitor=LOGIN, **{r: 200 for r in MANAGERS}),
        )
    ],
    # Without a registered ?template= the preview is a 404 even for the office.
    "municipality:document-preview": [
        Row(
            lambda w: {"type_id": _content_type_id(w.document), "pk": w.document.pk},
            exp(403, visitor=LOGIN, **{r: 404 for r in MANAGERS}),
        )
    ],
    # Kernel: accounts
    "municipality:login": [Row(get=exp(302, visitor=200), post={})],
    "municipality:logout": [Row(get=public(200), post={})],  # a page with the button
    "municipality:signup": [Row(get=exp(302, visitor=200), post={})],
    # Without a sign-up in the session, back to the sign-up (or the account) page.
    "municipality:signup-code": [Row(get=public(302), post={})],
    # Only right after a sign-up by phone with a record to offer; otherwise to the account.
    "municipality:signup-join": [Row(get=login_required(302), post={})],
    "municipality:account": [Row(get=login_required())],
    # Only for an account with an unconfirmed phone; the others go to the account page.
    "municipality:account-phone": [Row(get=login_required(302), post={})],
    # POST only; without a claimable record in the POST it is 404 for everyone logged in.
    "municipality:account-claim": [Row(get=login_required(405), post=login_required(404))],
    "municipality:account-export": [Row(get=login_required())],
    "municipality:account-delete": [Row(get=login_required())],
    "municipality:account-edit": [Row(get=login_required())],
    "municipality:password-change": [Row(get=login_required())],
    "municipality:password-reset": [Row(get=public(), post={})],
    "municipality:password-reset-done": [Row(get=public())],
    "municipality:password-reset-confirm": [
        Row(lambda w: {"uidb64": "MQ", "token": "bad-token"}, public(), post={})
    ],
    "municipality:password-reset-complete": [Row(get=public())],
    "municipality:audit-log": [Row(get=exp(403, visitor=LOGIN, administrator=200))],
    # Kernel: subscriptions and the outbox
    "municipality:subscribe": [Row(get=public(), post={})],
    "municipality:subscription-code": [Row(get=public(), post={})],
    "municipality:subscription-sent": [Row(get=public())],
    "municipality:subscription-confirm": [
        Row(lambda w: {"token": "no-such-token"}, public(404), post={})
    ],
    "municipality:unsubscribe": [Row(lambda w: {"token": "no-such-token"}, public(404), post={})],
    "municipality:office-outbox": [Row(get=office())],
    "municipality:office-outbox-retry": [Row(k(pk="outbox"), exp(405))],
    # Kernel: office pages
    "municipality:office": [Row(get=office())],
    "municipality:office-notices": [Row(get=office())],
    "municipality:office-notice-create": [Row(get=office())],
    "municipality:office-notice-edit": [Row(k(pk="notice"), office())],
    # A GET shows what publishing will send; the POST with confirm=yes publishes.
    "municipality:office-notice-publish": [Row(k(pk="notice_draft"), office(), post=office(None))],
    "municipality:office-notice-delete": [Row(k(pk="notice"), office())],
    "municipality:office-local-issues": [Row(get=office())],
    "municipality:office-local-issue-create": [Row(get=office())],
    "municipality:office-local-issue-edit": [Row(k(pk="local_issue"), office())],
    "municipality:office-local-issue-remove": [Row(k(pk="local_issue"), office_post())],
    "municipality:office-legal-list": [
        Row(
            get=exp(403, visitor=LOGIN, administrator=200),
            post=exp(403, visitor=LOGIN, administrator=None),
        )
    ],
    "municipality:office-legal-list-confirm": [
        Row(
            _legal_list_version,
            exp(403, visitor=LOGIN, administrator=200),
            post=exp(403, visitor=LOGIN, administrator=None),
        )
    ],
    "municipality:office-people": [Row(get=office())],
    "municipality:office-person-create": [Row(get=office())],
    "municipality:office-person-edit": [Row(k(pk="person"), office())],
    "municipality:office-person-remove": [Row(k(pk="person"), office())],
    # The kernel's receipt of any paper submission (here a paper contest application).
    "municipality:paper-receipt": [
        Row(k(kind=("initiatives.application",), pk="application_paper"), office())
    ],
    "municipality:my-work": [Row(get=login_required())],
    # Engagement plan
    "engagement_plan:index": [Row(get=public())],
    "engagement_plan:plan-detail": [
        Row(k(pk="plan"), public(), label="discussion"),
        Row(k(pk="plan_draft"), hidden(staff=200, head=200), label="draft"),
    ],
    "engagement_plan:comment-add": [
        Row(k(pk="plan"), public(302), post=exp(None, visitor=LOGIN), label="discussion"),
        Row(k(pk="plan_draft"), public(302), post=exp(403, visitor=LOGIN), label="draft"),
    ],
    "engagement_plan:office": [Row(get=office())],
    "engagement_plan:group-create": [Row(get=office())],
    "engagement_plan:group-detail": [Row(k(pk="working_group"), office())],
    "engagement_plan:member-add": [Row(k(pk="working_group"), office_form())],
    "engagement_plan:group-approve": [
        Row(k(pk="working_group"), office_form(), post=office(None, staff=403))
    ],
    "engagement_plan:member-remove": [Row(k(pk="working_member"), office_post())],
    "engagement_plan:plan-create": [Row(get=office())],
    "engagement_plan:plan-office": [Row(k(pk="plan"), office())],
    "engagement_plan:plan-edit": [Row(k(pk="plan"), office())],
    "engagement_plan:activity-add": [Row(k(pk="plan"), office_form())],
    "engagement_plan:plan-open-discussion": [Row(k(pk="plan_draft"), office_form())],
    "engagement_plan:paper-comment-add": [Row(k(pk="plan"), office_form())],
    "engagement_plan:gathering-record": [Row(k(pk="plan"), office_form())],
    "engagement_plan:plan-approve": [
        Row(k(pk="plan"), office_form(), post=office(None, staff=403))
    ],
    "engagement_plan:plan-in-force": [Row(k(pk="plan"), office_form(), post=office(403))],
    "engagement_plan:plan-revise": [Row(k(pk="plan"), office_form(), post=office(403))],
    "engagement_plan:plan-archive": [
        Row(k(pk="plan"), office_form(), post=office(None, staff=403))
    ],
    "engagement_plan:activity-edit": [Row(k(pk="activity"), office())],
    "engagement_plan:activity-evidence": [Row(k(pk="activity"), office())],
    "engagement_plan:activity-cancel": [Row(k(pk="activity"), office())],
    "engagement_plan:activity-start": [Row(k(pk="activity"), office_post())],
    "engagement_plan:comment-answer": [Row(k(pk="comment"), office_form())],
    # Initiatives: public
    "initiatives:index": [Row(get=public())],
    "initiatives:contest": [
        Row(k(pk="contest"), public(), label="accepting"),
        Row(k(pk="contest_draft"), hidden(staff=200, head=200), label="draft"),
    ],
    "initiatives:contest-csv": [
        Row(k(pk="contest"), public(404), label="accepting"),
    ],
    "initiatives:contest-json": [
        Row(k(pk="contest"), public(404), label="accepting"),
    ],
    # Initiatives: residents
    "initiatives:apply": [
        Row(k(pk="contest"), login_required(), label="accepting"),
        Row(k(pk="contest_b"), login_required(302), label="evaluation"),
    ],
    "initiatives:my-applications": [Row(get=login_required())],
    "initiatives:application": [
        Row(k(pk="application"), owner(staff=200, head=200), label="draft"),
        Row(k(pk="application_submitted"), owner(staff=200, head=200), label="submitted"),
        # The commission of contest B reads B's applications; the applicant is other_resident.
        Row(
            k(pk="application_b"),
            owner(404, staff=200, head=200, commission_other=200, other_resident=200),
            label="contest B, eligible",
        ),
    ],
    "initiatives:support": [
        Row(
            k(pk="application_submitted"),
            login_required(405),
            post=exp(None, visitor=LOGIN, resident=None),
            label="no support phase",
        ),
    ],
    "initiatives:application-edit": [
        Row(k(pk="application"), owner(staff=302, head=302), label="draft"),
    ],
    # The owner's POST is left out: it would turn the shared world's application into a draft.
    "initiatives:application-withdraw": [
        Row(k(pk="application_submitted"), exp(405, visitor=LOGIN), post=owner(None)),
    ],
    "initiatives:attachment-delete": [
        Row(
            lambda w: {"pk": w.application.pk, "attachment_pk": w.attachment.pk},
            login_required(405),
            post=owner(None),
            label="draft",
        ),
    ],
    "initiatives:report": [
        Row(
            lambda w: {"pk": w.application_selected.pk, "report_pk": w.report.pk},
            owner(),
            label="selected, implementation",
        ),
    ],
    # Initiatives: commission
    # The person's own seats (an empty list for someone who sits on no commission).
    "initiatives:commission": [Row(get=login_required(), post={})],
    "initiatives:commission-contest": [
        Row(k(pk="contest"), login_required(404), label="not a member"),
        Row(k(pk="contest_b"), login_required(404, commission_other=200), label="member"),
    ],
    "initiatives:score": [
        Row(k(pk="application_submitted"), login_required(404), label="not a member"),
        # Positive control: the member of contest B scores its eligible application; the
        # applicant (other_resident) and the office do not reach the scoring page.
        Row(
            k(pk="application_b"),
            login_required(404, commission_other=200),
            post=login_required(404, commission_other=None),
            label="member, eligible",
        ),
    ],
    # Initiatives: office
    "initiatives:office": [Row(get=office())],
    "initiatives:office-contest-new": [Row(get=office())],
    "initiatives:office-contest": [Row(k(pk="contest"), office())],
    "initiatives:office-contest-edit": [
        Row(k(pk="contest_draft"), office(), label="draft"),
        # Sent back to the contest with a message; the POST changes nothing (302 too).
        Row(k(pk="contest"), office(302), label="accepting"),
    ],
    "initiatives:office-criteria": [Row(k(pk="contest_draft"), office())],
    "initiatives:office-commission": [Row(k(pk="contest"), office_post())],
    "initiatives:office-move": [Row(k(pk="contest"), office_post())],
    "initiatives:office-extend": [Row(k(pk="contest"), office_post())],
    "initiatives:office-paper": [Row(k(pk="contest"), office())],
    "initiatives:office-application": [Row(k(pk="application_submitted"), office())],
    "initiatives:office-paper-receipt": [Row(k(pk="application_paper"), office())],
    "initiatives:office-paper-sheet": [Row(k(pk="application_b"), office())],
    "initiatives:office-score-sheet": [Row(k(pk="application_b", member_pk="member_b"), office())],
    # Budget
    "budget:index": [Row(get=public())],
    "budget:lines-csv": [Row(get=public())],
    "budget:lines-json": [Row(get=public())],
    "budget:hearing-list": [Row(get=public())],
    "budget:hearings-json": [Row(get=public())],
    "budget:hearing-detail": [
        Row(k(pk="hearing"), public(), label="announced"),
        Row(k(pk="hearing_draft"), hidden(staff=200, head=200), label="draft"),
    ],
    "budget:hearing-propose": [
        Row(k(pk="hearing"), public(302), post=exp(None, visitor=LOGIN), label="announced"),
        Row(
            k(pk="hearing_draft"), public(302), post=exp(404, staff=None, head=None), label="draft"
        ),
    ],
    "budget:hearing-register": [
        Row(k(pk="hearing"), public(405), post=exp(None, visitor=LOGIN), label="announced"),
        Row(
            k(pk="hearing_draft"), public(405), post=exp(404, staff=None, head=None), label="draft"
        ),
    ],
    "budget:office": [Row(get=office())],
    "budget:office-hearing-create": [Row(get=office())],
    "budget:office-hearing": [Row(k(pk="hearing"), office())],
    "budget:office-hearing-edit": [Row(k(pk="hearing"), office())],
    "budget:office-hearing-announce": [Row(k(pk="hearing_draft"), office_post())],
    "budget:office-hearing-material": [Row(k(pk="hearing"), office_form())],
    "budget:office-hearing-proposal": [Row(k(pk="hearing"), office_form())],
    "budget:office-hearing-hold": [Row(k(pk="hearing"), office())],
    "budget:office-hearing-protocol": [Row(k(pk="hearing"), office_post())],
    "budget:office-proposal-decide": [
        Row(k(pk="proposal"), office(403), label="hearing not held yet")
    ],
    "budget:office-lines": [Row(get=office())],
    "budget:office-line-create": [Row(get=office())],
    "budget:office-line-edit": [Row(k(pk="line"), office())],
    "budget:office-line-delete": [Row(k(pk="line"), office_post())],
    "budget:office-line-links": [Row(k(pk="line"), office())],
    "budget:office-import": [Row(get=office())],
    "budget:office-categories": [Row(get=office())],
    "budget:office-category-edit": [Row(k(pk="category"), office())],
    # Monitoring
    # Kenesh (issue 17)
    "kenesh:index": [Row(get=public())],
    "kenesh:session-detail": [
        Row(k(pk="kenesh_session"), public(), label="announced"),
        Row(
            k(pk="kenesh_session_draft"),
            hidden(kenesh=200, administrator=200),
            label="being prepared",
        ),
    ],
    "kenesh:session-poster": [
        Row(k(pk="kenesh_session"), public(), post=exp(None), label="announced"),
        Row(k(pk="kenesh_session_draft"), public(404), label="draft"),
    ],
    "kenesh:session-register": [
        Row(k(pk="kenesh_session"), login_required(405), post=exp(None, visitor=LOGIN)),
    ],
    "kenesh:resolution-list": [Row(get=public())],
    "kenesh:resolution-detail": [
        Row(k(pk="kenesh_resolution"), public(), label="published"),
        Row(
            k(pk="kenesh_resolution_draft"),
            hidden(kenesh=200, administrator=200),
            label="draft",
        ),
    ],
    "kenesh:resolution-pdf-ru": [
        Row(k(pk="kenesh_resolution_pdf"), public(), post=exp(None), label="published"),
        Row(k(pk="kenesh_resolution_draft"), public(404), label="draft"),
    ],
    "kenesh:initiative-list": [Row(get=public())],
    "kenesh:initiative-create": [Row(get=login_required())],
    "kenesh:initiative-detail": [
        Row(k(pk="kenesh_initiative"), public(), label="collecting"),
        Row(
            k(pk="kenesh_initiative_filed"),
            hidden(kenesh=200, administrator=200, staff=200, head=200),
            label="filed",
        ),
    ],
    "kenesh:initiative-sign": [
        Row(k(pk="kenesh_initiative"), login_required(405), post=exp(None, visitor=LOGIN))
    ],
    "kenesh:initiative-withdraw": [
        Row(k(pk="kenesh_initiative"), login_required(405), post=exp(None, visitor=LOGIN))
    ],
    "kenesh:signature-sheet": [
        Row(k(pk="kenesh_initiative"), public(), post=exp(None), label="collecting"),
        Row(k(pk="kenesh_initiative_filed"), public(404), label="filed"),
    ],
    "kenesh:petition-list": [Row(get=public())],
    "kenesh:petition-create": [Row(get=login_required())],
    "kenesh:petition-detail": [Row(k(pk="kenesh_petition"), public())],
    "kenesh:petition-support": [
        Row(k(pk="kenesh_petition"), login_required(405), post=exp(None, visitor=LOGIN))
    ],
    "kenesh:office": [
        Row(
            get=office(kenesh=200, administrator=200),
            post=office(None, kenesh=None, administrator=None, staff=403, head=403),
        )
    ],
    "kenesh:deputies": [Row(get=office(403, kenesh=200, administrator=200))],
    "kenesh:commissions": [Row(get=office(403, kenesh=200, administrator=200))],
    "kenesh:commission-edit": [
        Row(k(pk="kenesh_commission"), office(403, kenesh=200, administrator=200))
    ],
    "kenesh:session-create": [Row(get=office(403, kenesh=200, administrator=200))],
    "kenesh:session-manage": [
        Row(k(pk="kenesh_session_draft"), office(403, kenesh=200, administrator=200))
    ],
    "kenesh:decision-record": [
        Row(k(pk="kenesh_item"), office(403, kenesh=200, administrator=200))
    ],
    "kenesh:resolution-publish": [
        Row(k(pk="kenesh_resolution_draft"), office(403, kenesh=405, administrator=405))
    ],
    "kenesh:initiative-manage": [
        Row(k(pk="kenesh_initiative_filed"), office(403, kenesh=200, administrator=200))
    ],
    "kenesh:sheet-enter": [Row(k(pk="kenesh_initiative"), office(kenesh=200, administrator=200))],
    "kenesh:petition-answer": [Row(k(pk="kenesh_petition"), office())],
    "monitoring:index": [Row(get=public())],
    "monitoring:group-create": [Row(get=login_required(403, kenesh=200, administrator=200))],
    "monitoring:group-detail": [Row(k(pk="group"), public())],
    "monitoring:group-manage": [
        Row(k(pk="group"), login_required(403, kenesh=200, administrator=200))
    ],
    "monitoring:group-edit": [
        Row(k(pk="group"), login_required(403, kenesh=200, administrator=200))
    ],
    "monitoring:protocol-detail": [
        Row(k(pk="protocol"), public(), label="published"),
        Row(
            k(pk="protocol_draft"),
            hidden(staff=200, head=200, kenesh=200, administrator=200, chair=200),
            label="draft",
        ),
    ],
    "monitoring:protocol-edit": [
        Row(k(pk="protocol_draft"), login_required(403, chair=200), label="draft"),
        # The chair is sent to the published protocol ("no longer a draft").
        Row(k(pk="protocol"), login_required(403, chair=302), label="published"),
    ],
    "monitoring:protocol-sign": [
        Row(k(pk="protocol_submitted"), login_required(403, chair=200), label="submitted"),
    ],
    "monitoring:protocol-start": [
        Row(k(pk="subject"), login_required(405), post=login_required(403, chair=None)),
    ],
    # Someone with exactly one group goes straight to it.
    "monitoring:my-groups": [Row(get=login_required(monitor_other=302, chair=302))],
    "monitoring:member-group": [
        Row(k(pk="group"), login_required(404, chair=200), label="group A"),
        Row(k(pk="group_b"), login_required(404, monitor_other=200), label="group B"),
    ],
    "monitoring:questions": [Row(k(pk="group"), login_required(403, chair=200))],
    "monitoring:report-issue": [
        Row(k(pk="group"), login_required(405), post=login_required(403, chair=None))
    ],
    "monitoring:recommendation-review": [
        Row(
            k(pk="recommendation_answered"),
            login_required(405),
            post=login_required(403, chair=None),
            label="answered",
        ),
    ],
    "monitoring:office": [Row(get=office())],
    # Community (issue 18)
    "community:index": [Row(get=public())],
    "community:gathering-detail": [Row(k(pk="gathering"), public())],
    "community:assessment-detail": [Row(k(pk="assessment"), public())],
    "community:priority-detail": [Row(k(pk="priority"), public())],
    "community:report-detail": [
        Row(k(year=(2025,)), public(), label="published"),
        Row(k(year=(2024,)), hidden(staff=200, head=200), label="draft"),
    ],
    "community:office": [Row(get=office())],
    "community:gathering-create": [Row(get=office())],
    "community:gathering-hold": [Row(k(pk="gathering"), office())],
    "community:assessment-create": [Row(get=office())],
    "community:priority-create": [Row(get=office())],
    "community:priority-manage": [Row(k(pk="priority"), office())],
    "community:priority-link": [Row(k(pk="priority"), office_post())],
    "community:priority-close": [Row(k(pk="priority"), office_post())],
    "community:link-delete": [Row(k(pk="priority_link"), office_post())],
    "community:group-create": [Row(k(pk="priority"), office_post())],
    "community:report-edit": [Row(k(year=(2026,)), office())],
    "community:report-publish": [Row(k(year=(2024,)), office_post())],
    "community:survey-detail": [
        Row(k(pk="survey"), public(), post=exp(None), label="open"),
        Row(k(pk="survey_draft"), hidden(staff=200, head=200), label="draft"),
    ],
    "community:survey-results": [
        Row(k(pk="survey"), public()),
        Row(k(pk="survey_draft"), hidden(staff=200, head=200), label="draft"),
    ],
    "community:survey-csv": [
        Row(k(pk="survey"), public()),
        Row(k(pk="survey_draft"), hidden(staff=200, head=200), label="draft"),
    ],
    "community:survey-json": [
        Row(k(pk="survey"), public()),
        Row(k(pk="survey_draft"), hidden(staff=200, head=200), label="draft"),
    ],
    "community:survey-create": [Row(get=office())],
    "community:survey-open": [Row(k(pk="survey_draft"), office_post())],
    "community:survey-close": [Row(k(pk="survey"), office_post())],
    "community:survey-paper": [Row(k(pk="survey"), office())],
    "community:survey-questionnaire": [Row(k(pk="survey"), office())],
    "community:survey-results-publish": [Row(k(pk="survey"), office_post())],
    "monitoring:recommendation-answer": [Row(k(pk="recommendation"), office())],
}

# The Django admin: the administrator role reaches every model's pages; everyone else is
# sent to the admin's login page. Checked on the index, each app's page and each registered
# model's list, add and change pages (the change page of an existing row where there is one).
ADMIN_EXPECTED = exp(ADMIN_LOGIN, administrator=200)
ADMIN_UNCHECKED = {
    # Pages reached through the checked ones (the same has_permission gate in front).
    "admin:logout",
    "admin:login",
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:autocomplete",
    "admin:auth_user_password_change",
}


def walk(resolver=None, namespace="", i18n=False):
    """(name, pattern string, under the language prefix) for every URL pattern."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            prefixed = i18n or type(entry.pattern).__name__ == "LocalePrefixPattern"
            yield from walk(entry, inner, prefixed)
        elif isinstance(entry, URLPattern):
            key = entry.name or str(entry.pattern)
            yield (f"{namespace}:{key}" if namespace else key), i18n


def test_every_url_pattern_is_classified():
    names = {name for name, _i18n in walk()}
    admin_names = {n for n in names if n.startswith("admin:")}
    unclassified = sorted(names - set(EXPECTED) - admin_names)
    assert not unclassified, f"URL patterns with no row in the permission matrix: {unclassified}"
    stale = sorted(set(EXPECTED) - names)
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"


def _outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if "/admin/login/" in location:
            return ADMIN_LOGIN
        if "/accounts/login/" in location:
            return LOGIN
        return 302
    return response.status_code


class _AdminRequest:
    """Enough of a request for ModelAdmin.has_add_permission (read-only models have none)."""

    def __init__(self, world):
        self.user = world.users["administrator"]


def _admin_urls(world):
    """The admin index, app pages and every registered model's list/add/change pages."""
    urls = [("admin:index", reverse("admin:index"))]
    app_labels = set()
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        app_labels.add(opts.app_label)
        base = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append((f"{base}_changelist", reverse(f"{base}_changelist")))
        if _model_admin.has_add_permission(_AdminRequest(world)):
            urls.append((f"{base}_add", reverse(f"{base}_add")))
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            urls.append((f"{base}_change", reverse(f"{base}_change", args=[row.pk])))
    for label in sorted(app_labels):
        urls.append(("admin:app_list", reverse("admin:app_list", kwargs={"app_label": label})))
    return urls


@pytest.mark.slow
@pytest.mark.django_db
def test_permission_matrix():
    translation.activate("ky")
    world = build_world()
    clients = clients_for(world, Client)
    checks = 0
    mismatches = []

    def check(name, label, url, method, role, expected):
        nonlocal checks
        if expected is None:
            return
        client = clients[role]
        response = client.post(url, {}) if method == "POST" else client.get(url)
        got = _outcome(response)
        checks += 1
        if got != expected:
            mismatches.append(
                f"{method} {name} [{label}] {url} as {role}: expected {expected}, got {got}"
            )

    for name, rows in EXPECTED.items():
        for row in rows:
            kwargs = row.kwargs(world) if row.kwargs else {}
            with translation.override("ky"):
                url = (
                    reverse(name, kwargs=kwargs)
                    if not name.startswith("media/")
                    else ("/media/" + kwargs["path"])
                )
            for role in ROLES:
                check(name, row.label, url, "GET", role, row.get[role])
            # A POST by a role that may not act must be refused the same way.
            if row.post is None:
                post = {r: (c if c in DENIALS and c != 405 else None) for r, c in row.get.items()}
            else:
                post = {r: row.post.get(r) for r in ROLES}
            for role in ROLES:
                check(name, row.label, url, "POST", role, post[role])

    admin_roles = ("visitor", "resident", "staff", "head", "kenesh", "administrator")
    for name, url in _admin_urls(world):
        for role in admin_roles:
            check(name, "admin", url, "GET", role, ADMIN_EXPECTED[role])

    record_figure("permission matrix", f"{checks} checks, {len(mismatches)} mismatches")
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches)
