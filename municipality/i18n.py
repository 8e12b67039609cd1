"""Writing translated content fields whatever language the request runs in.

modeltranslation maps a plain field name (`title`) to the *active* language: on a `/ru/`
page `Plan(title=x, title_ru=y)` loses `x`, `plan.title = x` writes `title_ru` and a ModelForm
field `title` shows and saves the Russian text. The project's convention is that the plain
name is the Kyrgyz text, so every write goes to the explicit `<field>_ky` column:

- services pass their input through `kyrgyz_fields(Model, values)` and work with `_ky` names;
- ModelForms list `<field>_ky` (not `<field>`) and mix in `KyrgyzFieldsFormMixin`, which gives
  those form fields the label, help text and "required" of the plain model field.

Reading stays as it is: code and templates read `obj.title` (the request's language with
fallback to Kyrgyz). A service composing a text in a fixed language (the Kyrgyz title of an
announcement or an order) reads `text_in(obj, "title", "ky")`, not `obj.title`.
"""

from django.utils import translation
from django.utils.text import capfirst
from modeltranslation import settings as mt_settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

#: The language of the plain field names (the settings' LANGUAGE_CODE, "ky").
KYRGYZ = mt_settings.DEFAULT_LANGUAGE


def translated_names(model) -> frozenset[str]:
    """The plain names of `model`'s translated fields (`{"title", "description"}`)."""
    try:
        return frozenset(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return frozenset()


def kyrgyz_name(model, name: str) -> str:
    """`title` → `title_ky` for a translated field; any other name unchanged."""
    if name in translated_names(model):
        return build_localized_fieldname(name, KYRGYZ)
    return name


def kyrgyz_fields(model, values: dict) -> dict:
    """`values` with each plain translated field name renamed to its Kyrgyz column.

    `kyrgyz_fields(Plan, {"title": "…", "title_ru": "…", "period_start": 2025})` gives
    `{"title_ky": "…", "title_ru": "…", "period_start": 2025}`. Giving both `title` and
    `title_ky` is a programming error.
    """
    names = translated_names(model)
    renamed = {}
    for name, value in values.items():
        target = build_localized_fieldname(name, KYRGYZ) if name in names else name
        if target in renamed:
            raise TypeError(f"{model.__name__}: both {name!r} and {target!r} given")
        renamed[target] = value
    return renamed


def translation_columns(model, name: str) -> tuple[str, ...]:
    """Every language column of a translated field: `("title_ky", "title_ru", "title_en")`."""
    return tuple(build_localized_fieldname(name, lang) for lang in mt_settings.AVAILABLE_LANGUAGES)


def in_kyrgyz(message, **params) -> str:
    """A record's fixed text (a document title) in Kyrgyz; `message` is a gettext_lazy msgid."""
    with translation.override(KYRGYZ):
        text = str(message)
        return text % params if params else text


def text_in(obj, name: str, language: str = KYRGYZ) -> str:
    """`obj.<name>` as a page in `language` shows it (with the usual fallback), never None."""
    with translation.override(language):
        return getattr(obj, name) or ""


class KyrgyzFieldsFormMixin:
    """For ModelForms listing `<field>_ky`: show it exactly as the plain `<field>` would be.

    modeltranslation makes every language column optional and labels it "Title [ky]"; this
    puts back the plain field's label (unless Meta.labels names one), help text and required.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        labels = self._meta.labels or {}
        help_texts = self._meta.help_texts or {}
        suffix = f"_{KYRGYZ}"
        for name, field in self.fields.items():
            plain = name.removesuffix(suffix)
            if plain == name or plain not in translated_names(model):
                continue
            original = model._meta.get_field(plain)
            if name not in labels:
                field.label = capfirst(original.verbose_name)
            if name not in help_texts and original.help_text:
                field.help_text = original.help_text
            field.required = not original.blank
