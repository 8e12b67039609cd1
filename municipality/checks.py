"""System checks of what apps register with the kernel."""

from django.core.checks import Error, register
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template


@register()
def registered_documents(app_configs=None, **kwargs):
    """Every registered document template loads and has a callable context."""
    from municipality.services.documents import document_kinds

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
