"""Find the site's forms: read every page the permission matrix lets a role see and collect
each <form> on it (action, method, enctype and its named fields with their initial values)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import reverse
from django.utils import translation


@dataclass
class FoundForm:
    page: str
    action: str
    method: str
    multipart: bool
    fields: dict = field(default_factory=dict)  # name -> initial value
    file_fields: list = field(default_factory=list)
    # hidden inputs, selects, radios, checkboxes and named buttons: values a view may read
    # from request.POST without a form field's validators in front
    raw_fields: set = field(default_factory=set)
    role: str = ""
    types: dict = field(default_factory=dict)  # name -> input type ("textarea", "select")
    required: set = field(default_factory=set)  # inputs marked required


class _FormParser(HTMLParser):
    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[FoundForm] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = FoundForm(
                page=self.page,
                action=urljoin(self.page, a.get("action") or self.page),
                method=(a.get("method") or "get").lower(),
                multipart="multipart" in (a.get("enctype") or ""),
            )
            return
        form = self._form
        if form is None or not a.get("name"):
            return
        name = a["name"]
        if "required" in a:
            form.required.add(name)
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            form.types.setdefault(name, kind)
            if kind in ("submit", "button", "image", "reset"):
                form.fields.setdefault(name, a.get("value") or "")
                form.raw_fields.add(name)
            elif kind == "file":
                form.file_fields.append(name)
            elif kind in ("checkbox", "radio"):
                if name not in form.fields or "checked" in a:
                    form.fields[name] = a.get("value") or "on"
                form.raw_fields.add(name)
            else:
                form.fields.setdefault(name, a.get("value") or "")
                if kind == "hidden":
                    form.raw_fields.add(name)
        elif tag == "button":
            form.fields.setdefault(name, a.get("value") or "")
            form.raw_fields.add(name)
        elif tag == "textarea":
            form.types.setdefault(name, "textarea")
            form.fields.setdefault(name, "")
            self._textarea = name
        elif tag == "select":
            form.types.setdefault(name, "select")
            form.fields.setdefault(name, "")
            form.raw_fields.add(name)
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if not form.fields.get(self._select) or "selected" in a:
                form.fields[self._select] = value

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html: str, page: str) -> list[FoundForm]:
    parser = _FormParser(page)
    parser.feed(html)
    return parser.forms


# Forms not fuzzed: logging out would end the session the other forms need.
SKIP_ACTIONS = ("/accounts/logout/",)


def discover_forms(world, clients, expected, roles) -> list[FoundForm]:
    """Every distinct form (by action path, method and field names) on the pages `roles` see."""
    seen = {}
    for role in roles:
        for name, rows in expected.items():
            if name.startswith("media/"):
                continue
            for row in rows:
                if row.get.get(role) != 200:
                    continue
                kwargs = row.kwargs(world) if row.kwargs else {}
                with translation.override("ky"):
                    url = reverse(name, kwargs=kwargs)
                response = clients[role].get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for form in forms_on(response.content.decode("utf-8", "replace"), url):
                    path = urlsplit(form.action).path
                    if path.endswith(SKIP_ACTIONS):
                        continue
                    key = (path, form.method, tuple(sorted(form.fields)))
                    if key not in seen:
                        form.role = role
                        form.action = path
                        seen[key] = form
    return list(seen.values())
