import pytest
from django.utils import translation

from municipality.models import Notice
from municipality.services import notice_publish

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("active", ["ky", "ru", "en"])
def test_announcements_keep_kyrgyz_and_russian_apart_whatever_the_active_language(
    active, staff_user
):
    with translation.override(active):
        notice = notice_publish(
            actor=staff_user,
            category=Notice.Category.GENERAL,
            title="Жыйын өтөт",
            body="Көңүл буруңуз",
            place="Айыл үйү",
            title_ru="Состоится сход",
            body_ru="Внимание",
        )
    notice.refresh_from_db()
    assert (notice.title_ky, notice.body_ky, notice.place_ky) == (
        "Жыйын өтөт",
        "Көңүл буруңуз",
        "Айыл үйү",
    )
    assert (notice.title_ru, notice.body_ru) == ("Состоится сход", "Внимание")
