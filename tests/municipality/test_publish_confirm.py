"""Mass messages under control: the confirmation page's counts and the emergency SMS text."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from municipality.models import Notice, OutboxMessage, Subscription
from municipality.services.subscriptions import notice_message, notice_send_estimate
from municipality.sms import sms_segments
from tests.municipality.factories import NoticeFactory


def _sub(channel, address, categories, language="ky"):
    return Subscription.objects.create(
        channel=channel,
        address=address,
        categories=categories,
        language=language,
        confirmed_at=timezone.now(),
    )


def test_sms_segment_arithmetic_for_kyrgyz_letters():
    assert sms_segments("ң" * 70) == 1  # UCS-2: 70 in one part
    assert sms_segments("ө" * 71) == 2  # 67 per part when split
    assert sms_segments("ү" * 134) == 2
    assert sms_segments("ү" * 135) == 3
    assert sms_segments("a" * 160) == 1


@pytest.mark.django_db
def test_confirmation_page_counts_then_publishes(
    client, municipality, staff_user, django_capture_on_commit_callbacks
):
    notice = NoticeFactory(status=Notice.Status.DRAFT, category=Notice.Category.HEARING)
    _sub("email", "a@example.kg", ["hearing"])
    _sub("email", "b@example.kg", ["hearing"], "ru")
    _sub("email", "c@example.kg", ["contest"])
    _sub("sms", "+996700000001", ["hearing"])
    _sub("sms", "+996700000002", ["hearing"])
    client.force_login(staff_user)
    url = reverse("municipality:office-notice-publish", args=[notice.pk])
    response = client.get(url)
    assert response.status_code == 200
    estimate = response.context["estimate"]
    assert estimate["email"] == 2 and estimate["sms"] == 2
    [row] = estimate["sms_rows"]
    assert row["count"] == 2 and row["segments"] == sms_segments(row["text"]) >= 2
    assert estimate["sms_segments"] == 2 * row["segments"]
    body = response.content.decode()
    assert 'class="count-email">2<' in body and 'class="count-sms">2<' in body
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DRAFT  # nothing goes out before the confirmation
    client.post(url, {})  # no confirmation: still the page, still a draft
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED
    assert OutboxMessage.objects.filter(idempotency_key__startswith=f"notice:{notice.pk}:").count()


@pytest.mark.django_db
def test_save_and_publish_goes_through_the_confirmation(client, municipality, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("municipality:office-notice-create"),
        {
            "title_ky": "Жыйын",
            "title_ru": "Сход",
            "body_ky": "Жыйын өтөт.",
            "body_ru": "Сход состоится.",
            "category": "general",
            "publish": "1",
        },
    )
    notice = Notice.objects.get()
    assert response["Location"] == reverse("municipality:office-notice-publish", args=[notice.pk])
    assert notice.status == Notice.Status.DRAFT


@pytest.mark.django_db
@override_settings(EMERGENCY_SMS_SEGMENTS=3, SITE_URL="http://127.0.0.1:8123")
def test_emergency_sms_carries_the_text_shortened_without_doubled_prefix(municipality):
    body = "Суу ташкыны! Өзөн боюндагы үйлөрдөн чыгыңыз, бийик жерге барыңыз. " * 6
    notice = NoticeFactory(category=Notice.Category.EMERGENCY, title="Шашылыш: сел", body=body)
    subscription = _sub("sms", "+996700000001", [])
    text = notice_message(notice=notice, subscription=subscription)["body"]
    assert text.startswith("Шашылыш: сел\n")  # the label is not doubled
    assert "Суу ташкыны! Өзөн" in text and text.count("…") == 1
    assert sms_segments(text) == 3
    assert "http://127.0.0.1:8123/" in text
    assert notice_send_estimate(notice=notice)["sms_rows"][0]["segments"] == 3


@pytest.mark.django_db
def test_short_emergency_sms_keeps_the_whole_text(municipality):
    notice = NoticeFactory(category=Notice.Category.EMERGENCY, title="Сел", body="Чыгыңыз.")
    text = notice_message(notice=notice, subscription=_sub("sms", "+996700000001", []))["body"]
    assert "Сел\nЧыгыңыз.\n" in text and "…" not in text


def test_make_run_links_use_the_port_actually_used():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    commands = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    serve = [line for line in commands.splitlines() if "runserver" in line]
    seed = [line for line in commands.splitlines() if "seed_demo" in line]
    assert serve and "SITE_URL=http://127.0.0.1:8123 " in serve[0]
    assert seed and "SITE_URL=http://127.0.0.1:8123 " in seed[0]
