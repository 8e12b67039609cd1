"""The registry of document kinds: which template, numbered as which kind, with which
context selector; and the signer from the municipality profile."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext as _

from municipality.models import Municipality
from municipality.permissions import can_manage_documents


@dataclass(frozen=True)
class DocumentKind:
    """One registered document: its PDF template, numbering kind, subject model, context."""

    template: str
    kind: str | None  # None: any kind (the kernel's generic layout)
    model: str | None  # "app_label.Model"; None: any subject or none
    context: Callable[..., dict] | None
    # The issuing body's numbering register: "" (the ayil okmotu), a fixed name
    # ("hearing", "contest-commission") or register(subject) -> str (one per monitoring group).
    register: str | Callable[..., str] = ""
    # title(subject=…, document=…) -> str: the title in the active language, for a
    # translation copy (the stored document.title is the Kyrgyz original's).
    title: Callable[..., str] | None = None
    # can_preview(user, subject) -> bool: who besides the office may see the draft PDF
    # (the monitoring group's chair before signing the protocol).
    can_preview: Callable[..., bool] | None = None

    def register_for(self, subject) -> str:
        if callable(self.register):
            return self.register(subject) if subject is not None else ""
        return self.register


_KINDS: dict[str, DocumentKind] = {}


def document_kind_register(
    *,
    template: str,
    kind: str | None,
    model: str | None,
    context=None,
    register="",
    title=None,
    can_preview=None,
) -> None:
    """Declare a document an app issues (call from AppConfig.ready()).

    `register` numbers the documents of another issuing body apart (see DocumentKind).
    """
    _KINDS[template] = DocumentKind(
        template=template,
        kind=kind,
        model=model,
        context=context,
        register=register,
        title=title,
        can_preview=can_preview,
    )


def document_preview_allowed(*, user, spec: DocumentKind, subject) -> bool:
    """The office previews every registered document; others only where the kind says so."""
    if can_manage_documents(user):
        return True
    return spec.can_preview is not None and bool(spec.can_preview(user, subject))


def document_kinds() -> dict[str, DocumentKind]:
    """The registered documents, by template."""
    return dict(_KINDS)


def _registered(template_name: str, *, kind: str, subject) -> DocumentKind:
    spec = _KINDS.get(template_name)
    if spec is None:
        raise ImproperlyConfigured(f"Document template {template_name} is not registered.")
    if spec.kind is not None and spec.kind != kind:
        raise ImproperlyConfigured(f"{template_name} is issued as {spec.kind}, not {kind}.")
    if spec.model is not None and (
        subject is None or subject._meta.label.lower() != spec.model.lower()
    ):
        raise ImproperlyConfigured(f"{template_name} is issued about a {spec.model}.")
    return spec


def head_signer(*, fallback_name: str = "") -> dict:
    """The head's name and Kyrgyz title from the municipality profile, as `document_issue` takes.

    `fallback_name` signs when the profile has no head's name yet (the acting head)."""
    municipality = Municipality.current()
    with translation.override("ky"):
        name = (municipality.head_name if municipality else "") or fallback_name
        position = (municipality.head_title if municipality else "") or _(
            "Head of the ayil okmotu"
        )
    return {"signer_name": name or "", "signer_position": position}
