from django import template

from budget.charts import som as som_format

register = template.Library()


@register.filter
def som(value):
    """An amount in som, grouped: 1 234 567."""
    return som_format(value)
