"""A member files a protocol from a phone, the chair signs it off, a visitor reads it on the
notice board, and staff answer its recommendation — all on a 360 px wide screen."""

import pytest

from monitoring.models import Protocol, Recommendation
from tests.conftest import login_in_browser
from tests.monitoring.factories import SubjectFactory, group_with_chair, jpeg_bytes
from tests.municipality.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1


def test_phone_journey_protocol_to_public_answer(phone_page, municipality, tmp_path):
    page = phone_page
    group, chair, member = group_with_chair()
    subject = SubjectFactory(group=group, title="Көпүрөнү оңдоо")
    group.questions.create(subject_kind=subject.kind, text="Мөөнөт сакталдыбы?", order=1)
    staff = UserFactory(roles=["staff"])
    photo = tmp_path / "bridge.jpg"
    photo.write_bytes(jpeg_bytes())

    # The member files a protocol in the field.
    login_in_browser(page, member.user.username)
    page.goto("/ky/monitoring/my/")
    page.click("form[action$='/protocols/new/'] button")
    page.wait_for_url("**/edit/")
    _no_sideways_scroll(page)
    page.fill("input[name=address]", "Дарыянын жээги")
    page.check(f"input[name=members_present][value='{chair.pk}']")
    page.check(f"input[name=members_present][value='{member.pk}']")  # a quorum of two
    page.check("input[name^=q][value=partly]")
    page.fill("textarea[name=findings]", "Көпүрө оңдолуп жатат, тосмосу жок.")
    page.set_input_files("input[name=photos]", str(photo))
    page.fill("textarea[name='rec-0-text']", "Көпүрөгө тосмо орнотуу")
    page.click("button[name=submit]")
    page.wait_for_url("**/monitoring/protocols/*/")
    protocol = Protocol.objects.get()
    assert protocol.status == Protocol.Status.SUBMITTED
    assert protocol.photos.count() == 1

    # The chair signs it off.
    page.context.clear_cookies()
    login_in_browser(page, chair.user.username)
    page.goto(f"/ky/monitoring/protocols/{protocol.pk}/sign/")
    _no_sideways_scroll(page)
    page.click("button[name=sign]")
    page.wait_for_url(f"**/monitoring/protocols/{protocol.pk}/")
    protocol.refresh_from_db()
    assert protocol.status == Protocol.Status.PUBLISHED
    assert protocol.document.file

    # A visitor finds it on the notice board, with its photo and PDF.
    page.context.clear_cookies()
    page.goto("/ky/notices/")
    page.click("text=Көпүрөнү оңдоо")
    page.wait_for_url("**/notices/*/")
    page.click(f"a[href$='/monitoring/protocols/{protocol.pk}/']")
    page.wait_for_url(f"**/monitoring/protocols/{protocol.pk}/")
    assert page.locator(".mon-photos img").count() == 1
    # The photo may be lazily loaded below the fold of a phone: bring it into view first.
    page.locator(".mon-photos img").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('.mon-photos img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    assert page.locator("a[href$='.pdf']").count() >= 1
    _no_sideways_scroll(page)

    # Staff answer the recommendation; the public page shows the answer.
    login_in_browser(page, staff.username)
    page.goto("/ky/monitoring/office/")
    page.click("a[href*='/office/recommendations/']")
    page.fill("textarea[name=response]", "Тосмо кийинки айда орнотулат.")
    page.click("form[method=post] button[type=submit] >> nth=-1")
    page.wait_for_url("**/monitoring/office/")
    assert Recommendation.objects.get().status == Recommendation.Status.ANSWERED
    page.context.clear_cookies()
    page.goto("/ky/monitoring/")
    assert page.locator("text=Тосмо кийинки айда орнотулат.").is_visible()
    _no_sideways_scroll(page)
