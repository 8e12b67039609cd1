"""Template helpers for the PDF layout (templates/pdf/base.html)."""

import segno
from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def public_url(obj) -> str:
    """The absolute address of an object's public page, in the active language."""
    if obj is None or not hasattr(obj, "get_absolute_url"):
        return ""
    return settings.SITE_URL.rstrip("/") + obj.get_absolute_url()


@register.simple_tag
def qr_code(url: str, css_class: str = "qr"):
    """An <img> with the QR code of `url` as an SVG data: URI (segno; nothing hand-written)."""
    if not url:
        return ""
    data_uri = segno.make(url, error="m").svg_data_uri(border=2, dark="#000")
    return format_html('<img class="{}" src="{}" alt="{}">', css_class, data_uri, url)


@register.filter
def css_string(value) -> str:
    """Text made safe for a CSS string literal ("…") inside <style>, e.g. in @page boxes."""
    text = str(value)
    out = []
    for char in text:
        if char in "\\\"<>&'" or ord(char) < 32:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return mark_safe("".join(out))  # noqa: S308 - every special character is escaped above
