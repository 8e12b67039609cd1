"""Message events by registration: each app names its messages once; the texts are templates.

An app registers its events in `AppConfig.ready()`:

    message_event_register(code="initiatives.receipt",
                           template="initiatives/messages/receipt.txt")

The template has `{% block subject %}`, `{% block body %}` and, optionally, `{% block sms %}`
(a short SMS variant; the body when missing). Write the words with `{% translate %}` /
`{% blocktranslate %}`: the blocks render in the language asked for, so one template gives
the Kyrgyz and the Russian text. A system check (`municipality.checks`) fails when a
registered template is missing or lacks a block. Services never compose message text:

    event_notify(user=, event=, context=, idempotency_key=)  # e-mail or SMS, the user's language
    event_texts(event=, context=)  # {"title", "body", "title_ru", "body_ru"} for notice_publish
    message_render(event=, context=, language=)  # -> Rendered(subject, body, sms)
"""

from dataclasses import dataclass

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.utils import translation

from municipality.i18n import KYRGYZ

from .outbox import user_notify

#: The blocks every message template has; `sms` is optional.
REQUIRED_BLOCKS = ("subject", "body")


@dataclass(frozen=True)
class MessageEvent:
    code: str
    template: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    sms: str


_EVENTS: dict[str, MessageEvent] = {}


def message_event_register(*, code: str, template: str) -> MessageEvent:
    """Register a message event: its code and the template holding its texts."""
    event = MessageEvent(code=code, template=template)
    _EVENTS[code] = event
    return event


def message_events() -> dict[str, MessageEvent]:
    """Every registered message event by code (the system check reads it)."""
    return dict(_EVENTS)


def template_blocks(*, template_name: str) -> dict:
    """The `{% block %}` nodes of a message template by name."""
    template = get_template(template_name).template
    return {node.name: node for node in template.nodelist.get_nodes_by_type(BlockNode)}


def message_render(*, event: str, context: dict, language: str = KYRGYZ) -> Rendered:
    """The subject, body and SMS text of a registered event in one language."""
    try:
        spec = _EVENTS[event]
    except KeyError:
        raise LookupError(f"Message event {event!r} is not registered.") from None
    template = get_template(spec.template).template
    blocks = {node.name: node for node in template.nodelist.get_nodes_by_type(BlockNode)}
    texts = {}
    with translation.override(language):
        for name in ("subject", "body", "sms"):
            node = blocks.get(name)
            if node is None:
                continue
            rendering = Context(dict(context), autoescape=False)
            with rendering.bind_template(template):
                texts[name] = node.nodelist.render(rendering).strip()
    return Rendered(
        subject=" ".join(texts["subject"].split()),
        body=texts["body"],
        sms=texts.get("sms") or texts["body"],
    )


def event_texts(*, event: str, context: dict) -> dict:
    """Kyrgyz and Russian title and body of an event, as `notice_publish` takes them."""
    ky = message_render(event=event, context=context, language=KYRGYZ)
    ru = message_render(event=event, context=context, language="ru")
    return {"title": ky.subject, "body": ky.body, "title_ru": ru.subject, "body_ru": ru.body}


def event_notify(*, user, event: str, context: dict, idempotency_key: str) -> list:
    """Queue a registered event to a user by e-mail or SMS, in the user's language, once."""
    text = message_render(
        event=event, context=context, language=user.language or settings.LANGUAGE_CODE
    )
    return user_notify(
        user=user,
        subject=text.subject,
        body=text.body,
        sms=text.sms,
        idempotency_key=idempotency_key,
    )
