"""The office landing page (staff and head) and the audit log (administrators)."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from municipality.models import AuditEntry, Role
from municipality.pagination import list_page
from municipality.permissions import is_administrator, role_required
from municipality.selectors.audit import audit_content_types, audit_entry_list
from municipality.services.attention import attention_items

OFFICE_CARDS = [
    (
        "municipality:office-notices",
        _("Notices"),
        _("Publish and edit notices for the notice board."),
    ),
    (
        "municipality:office-local-issues",
        _("Local issues"),
        _("Keep the list of local issues up to date."),
    ),
    (
        "municipality:office-people",
        _("Register of people"),
        _("Residents without an account: papers, signatures, surveys."),
    ),
    ("engagement_plan:office", _("Engagement plan"), _("The annual plan of engaging residents.")),
    (
        "initiatives:office",
        _("Local initiatives"),
        _("Contests of local initiatives: applications and scoring."),
    ),
    ("budget:office", _("Budget"), _("Budget hearings and residents' proposals.")),
    ("monitoring:office", _("Monitoring"), _("Monitoring groups, protocols and reports.")),
]


def _cards():
    cards = []
    for name, title, text in OFFICE_CARDS:
        try:
            cards.append({"url": reverse(name), "title": title, "text": text})
        except NoReverseMatch:
            continue
    return cards


@role_required(Role.STAFF, Role.HEAD)
def office_home(request):
    return render(
        request,
        "municipality/office_home.html",
        {
            # Called by the template only when its cached fragment is missing.
            "cards": _cards,
            "attention": attention_items(user=request.user),
            "is_administrator": is_administrator(request.user),
        },
    )


AUDIT_PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    type = forms.TypedChoiceField(
        label=_("Object type"), required=False, coerce=int, empty_value=None
    )
    user = forms.CharField(label=_("User"), required=False, max_length=100)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", "—"), *AuditEntry.Action.choices]
    )

    def __init__(self, *args, content_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.content_types = {ct.pk: ct for ct in content_types}
        self.fields["type"].choices = [("", "—")] + [
            (ct.pk, _type_label(ct)) for ct in content_types
        ]


def _type_label(ct: ContentType) -> str:
    model = ct.model_class()
    return str(model._meta.verbose_name) if model else ct.model


def _field_label(model, name: str) -> str:
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _status_label(model, value: str) -> str:
    if not value or model is None:
        return value
    try:
        choices = dict(model._meta.get_field("status").flatchoices)
    except FieldDoesNotExist:
        return value
    return str(choices.get(value, value))


def _row(entry: AuditEntry) -> dict:
    model = entry.content_type.model_class() if entry.content_type else None
    changes = []
    for field, pair in (entry.changes or {}).items():
        if isinstance(pair, list | tuple):
            before, after = (list(pair) + ["", ""])[:2]
        else:
            before, after = "", pair
        changes.append({"field": _field_label(model, field), "before": before, "after": after})
    return {
        "entry": entry,
        "type": _type_label(entry.content_type) if entry.content_type else "",
        "old": _status_label(model, entry.old_status),
        "new": _status_label(model, entry.new_status),
        "changes": changes,
    }


@role_required(Role.ADMINISTRATOR)
def audit_log(request):
    content_types = audit_content_types()
    form = AuditFilterForm(request.GET or None, content_types=content_types)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "content_type": form.content_types.get(data["type"]),
            "user": data["user"],
            "action": data["action"],
        }
    page = list_page(request, audit_entry_list(**filters), numbered=True, size=AUDIT_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "municipality/audit_log.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [_row(e) for e in page.object_list],
            "query": query.urlencode(),
        },
    )
