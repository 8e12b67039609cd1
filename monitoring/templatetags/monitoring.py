from django import template

from monitoring.selectors import protocols_for_object

register = template.Library()


@register.simple_tag
def monitoring_protocols_for(obj):
    """Signed monitoring protocols about `obj`: {% monitoring_protocols_for obj as protocols %}."""
    if obj is None or getattr(obj, "pk", None) is None:
        return []
    return protocols_for_object(obj)
