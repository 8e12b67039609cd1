"""Staff working on the Russian (or English) pages keep the Kyrgyz and Russian texts apart.

The plain field (`title`) is the Kyrgyz text in this project; modeltranslation would map it
to the request's language, so these flows run in /ru/ and check both columns.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from engagement_plan import services
from engagement_plan.models import Activity, Plan

from .factories import ActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db


def ru(name, *args):
    with translation.override("ru"):
        return reverse(f"engagement_plan:{name}", args=args)


def test_plan_created_and_edited_on_russian_pages(client, municipality, staff_user):
    client.force_login(staff_user)
    response = client.post(
        ru("plan-create"),
        {
            "title_ky": "Тартуу планы",
            "title_ru": "План вовлечения",
            "summary_ky": "Кыскача",
            "summary_ru": "Кратко",
            "period_start": "2025",
            "period_end": "2026",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.title_ky, plan.title_ru) == ("Тартуу планы", "План вовлечения")
    assert (plan.summary_ky, plan.summary_ru) == ("Кыскача", "Кратко")

    # The edit page in Russian shows the Kyrgyz text in the Kyrgyz box.
    html = client.get(ru("plan-edit", plan.pk)).content.decode()
    assert 'name="title_ky" value="Тартуу планы"' in html
    assert 'name="title_ru" value="План вовлечения"' in html

    response = client.post(
        ru("plan-edit", plan.pk),
        {
            "title_ky": "Жаңы план",
            "title_ru": "Новый план",
            "summary_ky": "Кыскача",
            "summary_ru": "Кратко",
            "period_start": "2025",
            "period_end": "2026",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title_ky, plan.title_ru) == ("Жаңы план", "Новый план")


def test_activity_added_and_edited_on_russian_pages(client, municipality, staff_user):
    plan = PlanFactory()
    client.force_login(staff_user)
    data = {
        "title_ky": "Айылдык жыйын",
        "title_ru": "Сельский сход",
        "description_ky": "Сүрөттөмө",
        "description_ru": "Описание",
        "direction": "informing",
        "form": "other",
        "responsible": "Бакиев",
    }
    assert client.post(ru("activity-add", plan.pk), data).status_code == 302
    activity = Activity.objects.get()
    assert (activity.title_ky, activity.title_ru) == ("Айылдык жыйын", "Сельский сход")
    assert (activity.description_ky, activity.description_ru) == ("Сүрөттөмө", "Описание")

    html = client.get(ru("activity-edit", activity.pk)).content.decode()
    assert 'name="title_ky" value="Айылдык жыйын"' in html
    data |= {"title_ky": "Жыйын", "title_ru": "Сход"}
    assert client.post(ru("activity-edit", activity.pk), data).status_code == 302
    activity.refresh_from_db()
    assert (activity.title_ky, activity.title_ru) == ("Жыйын", "Сход")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_services_take_plain_names_as_kyrgyz(municipality, staff_user, language):
    with translation.override(language):
        plan = services.plan_create(
            actor=staff_user,
            title="Тартуу планы",
            title_ru="План вовлечения",
            period_start=2025,
            period_end=2026,
        )
        services.plan_update(plan=plan, actor=staff_user, summary="Кыскача")
        activity = services.activity_add(
            plan=plan,
            actor=staff_user,
            title="Жыйын",
            title_ru="Сход",
            direction="informing",
            form="other",
            responsible="Бакиев",
        )
    plan.refresh_from_db()
    activity.refresh_from_db()
    assert (plan.title_ky, plan.title_ru, plan.summary_ky) == (
        "Тартуу планы",
        "План вовлечения",
        "Кыскача",
    )
    assert not plan.title_en and not plan.summary_ru
    assert (activity.title_ky, activity.title_ru) == ("Жыйын", "Сход")


def test_revision_on_russian_page_copies_both_languages(client, municipality, head_user):
    plan = PlanFactory(status=Plan.Status.IN_FORCE, title="Эски план", title_ru="Старый план")
    ActivityFactory(plan=plan, title="Жыйын", title_ru="Сход")
    with translation.override("ru"):
        new = services.plan_revise(plan=plan, actor=head_user, reason="Приоритеттер өзгөрдү")
    assert (new.title_ky, new.title_ru) == ("Эски план", "Старый план")
    copy = new.activities.get()
    assert (copy.title_ky, copy.title_ru) == ("Жыйын", "Сход")


def test_reminders_name_the_activity_in_the_recipients_language(municipality):
    from django.utils import timezone

    from engagement_plan.tasks import overdue_activities_check, plans_due_for_review_check
    from municipality.services.messages import message_render
    from tests.municipality.factories import UserFactory

    user = UserFactory(roles=["staff"], language="ru")
    plan = PlanFactory(
        status=Plan.Status.IN_FORCE,
        title="Эски план",
        title_ru="Старый план",
        approved_at=timezone.now() - timezone.timedelta(days=400),
    )
    ActivityFactory(
        plan=plan,
        title="Жыйын",
        title_ru="Сход",
        deadline=timezone.localdate() - timezone.timedelta(days=3),
    )
    today = timezone.localdate()
    activity_reminder = overdue_activities_check(today)[0]
    plan_reminder = plans_due_for_review_check(today)[0]

    def _text(reminder, part, user):
        # The reminders name a message event now; render it as the kernel does.
        text = message_render(
            event=reminder["event"], context=reminder["context"], language=user.language
        )
        return getattr(text, part)

    assert "Сход" in _text(activity_reminder, "subject", user)
    assert "Сход" in _text(activity_reminder, "body", user)
    assert "Старый план" in _text(plan_reminder, "body", user)
    user.language = "ky"
    assert "Жыйын" in _text(activity_reminder, "body", user)
