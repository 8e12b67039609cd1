"""Checks over every template file (a class of mistake, not one page)."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))


def test_page_titles_hold_text_only():
    """A <title> holds words: a block title that swallowed markup printed HTML in the tab."""
    wrong = []
    for path in TEMPLATES:
        match = re.search(r"{% block title %}(.*?){% endblock %}", path.read_text(), re.S)
        if match and ("<" in match.group(1) or "\n" in match.group(1)):
            wrong.append(str(path.relative_to(settings.BASE_DIR)))
    assert TEMPLATES and wrong == []
