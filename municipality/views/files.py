"""Uploaded files, each behind the rule its app registered (municipality/files.py)."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from municipality.files import (
    file_can_view,
    file_is_public,
    file_name_for,
    file_response,
    file_rule,
)


@require_safe
def file_serve(request, model, pk, field, name):
    """One file of one object; a 404 for anyone who may not see the object, as for its page."""
    try:
        model_class = apps.get_model(model)
        file_field = model_class._meta.get_field(field)
    except (LookupError, ValueError, FieldDoesNotExist):
        raise Http404 from None
    if file_rule(model_class) is None or not isinstance(file_field, models.FileField):
        raise Http404
    obj = get_object_or_404(model_class._default_manager, pk=pk)
    stored = getattr(obj, file_field.name)
    if not stored or stored.name.rsplit("/", 1)[-1] != name:
        raise Http404  # a replaced file's old address leads nowhere
    if not file_can_view(request.user, obj):
        raise Http404
    return file_response(
        stored.name, public=file_is_public(obj), filename=file_name_for(obj), request=request
    )
