from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language: str) -> str:
    """The current page's address in another language (keeps the query string)."""
    request = context["request"]
    url = translate_url(request.path, language)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.filter
def sms_segments(text) -> int:
    """How many SMS the text costs (70 Cyrillic / 160 Latin characters in one SMS)."""
    from municipality.sms import sms_segments as count

    return count(str(text or ""))


@register.filter
def notice_sms_text(notice) -> str:
    """The SMS text subscribers get for a notice; pass it to includes/sms_cost.html."""
    from municipality.services.subscriptions import notice_sms_text as build

    return build(notice) if getattr(notice, "pk", None) else ""
