"""System checks of what apps register with the kernel."""

from django.core.checks import Error, register
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

from municipality.services.documents import document_kinds
from municipality.services.messages import REQUIRED_BLOCKS, message_events, template_blocks


@register()
def registered_documents(app_configs=None, **kwargs):
    """Every registered document template loads and has a callable context."""
    errors = []
    for template, spec in document_kinds().items():
        try:
            get_template(template)
        except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
            errors.append(
                Error(f"Document template {template} does not load: {exc}", id="municipality.E001")
            )
        if spec.context is not None and not callable(spec.context):
            errors.append(
                Error(f"The context of {template} is not callable.", id="municipality.E002")
            )
    return errors


@register()
def registered_messages(app_configs=None, **kwargs):
    """Every registered message event has a template with a subject and a body block."""
    errors = []
    for code, event in message_events().items():
        try:
            blocks = template_blocks(template_name=event.template)
        except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
            errors.append(
                Error(
                    f"Message template {event.template} of {code} does not load: {exc}",
                    id="municipality.E003",
                )
            )
            continue
        missing = [name for name in REQUIRED_BLOCKS if name not in blocks]
        if missing:
            errors.append(
                Error(
                    f"Message template {event.template} of {code} lacks the block(s) "
                    f"{', '.join(missing)}.",
                    id="municipality.E004",
                )
            )
    return errors
