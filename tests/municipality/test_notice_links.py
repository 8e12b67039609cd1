"""No page links to a notice its viewer cannot open: an expired, scheduled or draft notice is
a 404, so a hearing, a protocol or a contest links to its notice only while it is on the board
(the kernel filter `on_board`)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from budget.models import Hearing
from municipality.models import Notice
from tests.budget.factories import HearingFactory
from tests.municipality.factories import NoticeFactory

# Templates that show notices already chosen as visible (the board, the notice's own page).
LISTS_OF_VISIBLE = {
    "municipality/includes/notice_item.html",
    "municipality/notice_detail.html",
}
NOTICE_LINK = re.compile(r"notice-detail'|notice-poster'|notice\.get_absolute_url")


def test_every_template_linking_to_a_notice_checks_it_is_on_the_board():
    unguarded = []
    for root in [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]:
        for path in root.rglob("*.html"):
            name = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            if name in LISTS_OF_VISIBLE or not NOTICE_LINK.search(text):
                continue
            if "on_board" not in text and 'board_state == "visible"' not in text:
                unguarded.append(name)
    assert unguarded == []


@pytest.mark.django_db
def test_on_board_only_for_a_notice_a_visitor_can_open():
    now = timezone.now()
    template = Template("{% load portal %}{% if notice|on_board %}yes{% else %}no{% endif %}")
    cases = {
        "yes": NoticeFactory(status=Notice.Status.PUBLISHED),
        "no-draft": NoticeFactory(status=Notice.Status.DRAFT),
        "no-expired": NoticeFactory(
            status=Notice.Status.PUBLISHED, expire_at=now - timedelta(hours=1)
        ),
        "no-scheduled": NoticeFactory(
            status=Notice.Status.PUBLISHED, publish_at=now + timedelta(days=1)
        ),
    }
    for expected, notice in cases.items():
        assert template.render(Context({"notice": notice})) == expected.split("-")[0]
    assert template.render(Context({"notice": None})) == "no"


@pytest.mark.django_db
def test_a_past_hearing_does_not_link_to_its_expired_notice(client, municipality, staff_user):
    notice = NoticeFactory(status=Notice.Status.PUBLISHED, category=Notice.Category.HEARING)
    hearing = HearingFactory(status=Hearing.Status.ANNOUNCED, notice=notice)
    link = reverse("municipality:notice-detail", args=[notice.pk])
    for page in (
        hearing.get_absolute_url(),
        reverse("budget:office-hearing", args=[hearing.pk]),
    ):
        client.force_login(staff_user)
        assert link in client.get(page).content.decode()
        assert client.get(link).status_code == 200
    Notice.objects.filter(pk=notice.pk).update(expire_at=timezone.now() - timedelta(days=1))
    assert client.get(link).status_code == 404
    for page in (
        hearing.get_absolute_url(),
        reverse("budget:office-hearing", args=[hearing.pk]),
    ):
        body = client.get(page).content.decode()
        assert link not in body and f"/notices/{notice.pk}/poster.pdf" not in body
