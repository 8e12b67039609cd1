from django import template

from municipality.files import file_url as _file_url

register = template.Library()


@register.filter
def file_url(fieldfile) -> str:
    """`{{ attachment.file|file_url }}`: the permission-checked address of an uploaded file."""
    return _file_url(fieldfile)
