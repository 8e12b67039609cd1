from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.contrib.contenttypes.models import ContentType
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.urls import get_resolver, get_urlconf, reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from municipality.services.documents import document_kinds, document_preview_allowed
from municipality.services.subscriptions import notice_sms_text as build_notice_sms
from municipality.sms import sms_segments as count_segments

register = template.Library()


@lru_cache(maxsize=2048)
def _translated_path(resolver, current: str, path: str, language: str) -> str:
    # Keyed by the resolver object: `clear_url_caches()` (a reloaded URL conf) makes a new one.
    return translate_url(path, language)


def translated_path(path: str, language: str) -> str:
    """`translate_url(path, language)`, remembered per URL resolver, active language and
    path: the patterns do not change while the process runs, and every page's language
    switch would otherwise resolve and reverse its path once per language."""
    if len(path) > 200:  # a made-up address is not worth keeping (2 048 of them at most)
        return translate_url(path, language)
    return _translated_path(get_resolver(get_urlconf()), get_language(), path, language)


@register.simple_tag(takes_context=True)
def translated_url(context, language: str) -> str:
    """The current page's address in another language (keeps the query string).

    On a page shown after a failed POST it asks for the draft again (``?draft=1``): the
    same form with what was typed, in the other language (municipality.drafts)."""
    request = context["request"]
    url = translated_path(request.path, language)
    params = request.GET.copy()
    if request.method == "POST":
        params["draft"] = "1"
    query = params.urlencode()
    return f"{url}?{query}" if query else url


@register.filter
def sms_segments(text) -> int:
    """How many SMS the text costs (70 Cyrillic / 160 Latin characters in one SMS)."""
    return count_segments(str(text or ""))


@register.filter
def on_board(notice) -> bool:
    """Whether the notice can be opened now (published, due, not expired): a page links to a
    notice, or to its poster, only then — an expired or scheduled notice is a 404."""
    return bool(notice) and getattr(notice, "board_state", "") == "visible"


@register.filter
def notice_sms_text(notice) -> str:
    """The SMS text subscribers get for a notice; pass it to includes/sms_cost.html."""
    return build_notice_sms(notice=notice) if getattr(notice, "pk", None) else ""


class _ErrorForms:
    """Walks a page's context for bound forms and formsets with errors, in order."""

    def __init__(self):
        self.found, self.seen = [], set()

    def visit(self, value, depth=0):
        if id(value) in self.seen or depth > 2:
            return
        if isinstance(value, BaseForm):
            self.seen.add(id(value))
            if value.is_bound and value.errors:
                self.found.append(value)
        elif isinstance(value, BaseFormSet):
            self._formset(value, depth)
        elif isinstance(value, (list, tuple)):
            self._items(value[:200], depth)
        elif isinstance(value, dict):
            self._items(list(value.values())[:200], depth)
        elif depth and hasattr(value, "__dict__"):  # rows that carry their own form
            forms = [v for v in vars(value).values() if isinstance(v, (BaseForm, BaseFormSet))]
            self._items(forms, depth)

    def _items(self, values, depth):
        for item in values:
            self.visit(item, depth + 1)

    def _formset(self, formset, depth):
        self.seen.add(id(formset))
        if not formset.is_bound:
            return
        formset.errors  # noqa: B018 - runs the formset's validation once
        if formset.non_form_errors():
            self.found.append(formset)
        for number, form in enumerate(formset.forms, start=1):
            form.summary_row = number  # "row 2" in the error summary
            self.visit(form, depth + 1)


def _forms_with_errors(context) -> list:
    """Every bound form (and formset) in the page's context that has errors, in order."""
    walk = _ErrorForms()
    for key, value in context.flatten().items():
        if key not in ("request", "user", "perms", "messages", "csrf_token"):
            walk.visit(value)
    return walk.found


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context):
    """At the top of every page after a failed submit: how many mistakes, a link to each.

    It walks the page's context for bound forms and formsets with errors, so no form page
    has to remember to include it; static/js/portal.js moves the focus to it."""
    items = []
    for form in _forms_with_errors(context):
        if not isinstance(form, BaseForm):  # a formset's own errors ("add at least one line")
            anchor = f"id_{form.prefix}-TOTAL_FORMS"
            items.extend((anchor, "", str(error)) for error in form.non_form_errors())
            continue
        for name, errors in form.errors.items():
            if name == "__all__":
                items.extend(("", "", str(error)) for error in errors)
                continue
            field = form.fields.get(name)
            bound = form[name] if field is not None else None
            anchor = ""
            if bound is not None and bound.auto_id:
                # radio buttons and check boxes have no id of their own: the first choice's
                anchor = bound.id_for_label or f"{bound.auto_id}_0"
            label = str(field.label or name) if field is not None else ""
            if label and getattr(form, "summary_row", None):
                label = _("%(field)s, row %(row)s") % {"field": label, "row": form.summary_row}
            items.extend((anchor, label, str(error)) for error in errors)
    if items and "request" in context:
        context["request"].form_errors_shown = True  # FormDraftMiddleware keeps the draft
    return {"error_items": items, "error_count": len(items)}


@register.simple_tag(takes_context=True)
def document_preview_url(context, subject, template: str) -> str:
    """The URL of the draft PDF of `template` about `subject` ("" if not registered or if
    the user may not preview it: the office, or whom the document kind allows)."""
    request = context.get("request")
    spec = document_kinds().get(template)
    if request is None or subject is None or spec is None:
        return ""
    if not document_preview_allowed(user=request.user, spec=spec, subject=subject):
        return ""
    content_type = ContentType.objects.get_for_model(subject)
    url = reverse("municipality:document-preview", args=[content_type.pk, subject.pk])
    return f"{url}?{urlencode({'template': template})}"
