"""The kenesh secretary and the chair working on Russian (or English) pages keep the Kyrgyz
and Russian texts apart.

The plain field (`name`, `mandate`, subject `title`, question `text`) is the Kyrgyz text in
this project; modeltranslation would map it to the request's language.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from monitoring import services
from monitoring.models import ChecklistQuestion, MonitoringGroup

from .factories import ChecklistQuestionFactory, group_with_chair

pytestmark = pytest.mark.django_db


def ru(name, *args):
    with translation.override("ru"):
        return reverse(f"monitoring:{name}", args=args)


def group_data(**texts):
    today = timezone.localdate()
    return {
        "resolution_number": "12/4",
        "resolution_date": today.isoformat(),
        "period_start": today.isoformat(),
        "period_end": (today + datetime.timedelta(days=100)).isoformat(),
        **texts,
    }


def test_group_and_subject_on_russian_pages(client, municipality, kenesh_user):
    client.force_login(kenesh_user)
    data = group_data(
        name="Көктөбө БМжБТ",
        name_ru="Группа СМиО Коктобо",
        mandate="Мониторинг",
        mandate_ru="Мониторинг (рус.)",
    )
    response = client.post(ru("group-create"), data)
    assert response.status_code == 302
    group = MonitoringGroup.objects.get()
    assert (group.name_ky, group.name_ru) == ("Көктөбө БМжБТ", "Группа СМиО Коктобо")
    assert (group.mandate_ky, group.mandate_ru) == ("Мониторинг", "Мониторинг (рус.)")
    # the default checklist keeps its Kyrgyz questions
    question = group.questions.first()
    assert question.text_ky and question.text_ru and question.text_ky != question.text_ru

    # the edit page in Russian shows the Kyrgyz name in the Kyrgyz box
    form = client.get(ru("group-edit", group.pk)).context["form"]
    assert form["name"].value() == "Көктөбө БМжБТ"
    assert form["mandate"].value() == "Мониторинг"
    data |= {"name": "Жаңы аталыш", "name_ru": "Новое название"}
    assert client.post(ru("group-edit", group.pk), data).status_code == 302
    group.refresh_from_db()
    assert (group.name_ky, group.name_ru) == ("Жаңы аталыш", "Новое название")
    assert group.mandate_ky == "Мониторинг"

    response = client.post(
        ru("group-manage", group.pk),
        {
            "subject-kind": "plan",
            "subject-title": "Пландын аткарылышы",
            "subject-title_ru": "Исполнение плана",
            "subject-planned_visits": "",
            "add_subject": "1",
        },
    )
    assert response.status_code == 302
    subject = group.subjects.get()
    assert (subject.title_ky, subject.title_ru) == ("Пландын аткарылышы", "Исполнение плана")


def test_chair_edits_questions_on_russian_page(client, municipality):
    group, chair, _member = group_with_chair()
    client.force_login(chair.user)
    url = ru("questions", group.pk)
    client.post(
        url,
        {
            "subject_kind": "plan",
            "text": "План илинди бы?",
            "text_ru": "План вывешен?",
            "is_active": "on",
        },
    )
    question = ChecklistQuestion.objects.get(group=group, text_ru="План вывешен?")
    assert question.text_ky == "План илинди бы?"
    client.post(
        url,
        {
            "question": question.pk,
            "subject_kind": "plan",
            "text": "План илиндиби?",
            "text_ru": "Вывешен ли план?",
            "is_active": "on",
        },
    )
    question.refresh_from_db()
    assert (question.text_ky, question.text_ru) == ("План илиндиби?", "Вывешен ли план?")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_services_take_plain_names_as_kyrgyz(municipality, kenesh_user, language):
    today = timezone.localdate()
    with translation.override(language):
        group = services.group_create(
            actor=kenesh_user,
            name="Топ",
            name_ru="Группа",
            resolution_number="1",
            resolution_date=today,
            period_start=today,
            period_end=today + datetime.timedelta(days=30),
            mandate="Милдет",
        )
        services.group_update(
            actor=kenesh_user, group=group, mandate="Жаңы милдет", mandate_ru="Новый мандат"
        )
        subject = services.subject_create(
            actor=kenesh_user, group=group, kind="plan", title="Объект", title_ru="Объект (рус.)"
        )
    group.refresh_from_db()
    assert (group.name_ky, group.name_ru, group.name_en) == ("Топ", "Группа", None)
    assert (group.mandate_ky, group.mandate_ru) == ("Жаңы милдет", "Новый мандат")
    assert (subject.title_ky, subject.title_ru) == ("Объект", "Объект (рус.)")


def test_question_service_in_english_keeps_kyrgyz(municipality):
    group, chair, _member = group_with_chair()
    question = ChecklistQuestionFactory(group=group)
    with translation.override("en"):
        services.question_save(
            actor=chair.user,
            group=group,
            question=question,
            subject_kind=question.subject_kind,
            text="Суроо",
            text_ru="Вопрос",
        )
    question.refresh_from_db()
    assert (question.text_ky, question.text_ru) == ("Суроо", "Вопрос")
    assert not question.text_en
