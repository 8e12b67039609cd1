"""Staff working on the Russian (or English) pages keep the Kyrgyz and Russian texts apart.

The plain field (`title`, `description`, `terms_of_reference`, criterion `name`) is the
Kyrgyz text in this project; modeltranslation would map it to the request's language.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives import services
from initiatives.models import Contest
from tests.municipality.factories import LocalIssueFactory

from .factories import ContestFactory

pytestmark = pytest.mark.django_db


def ru(name, *args):
    with translation.override("ru"):
        return reverse(f"initiatives:{name}", args=args)


def contest_data(issue, **texts):
    return {
        "budget": "78000",
        "max_per_project": "39000",
        "own_contribution_percent": "0",
        "window_opens": "2026-12-03",
        "window_closes": "2026-12-16",
        "directions": [issue.pk],
        "required_attachments": "0",
        "quorum_numerator": "2",
        "quorum_denominator": "3",
        **texts,
    }


def test_contest_created_and_edited_on_russian_pages(client, municipality, staff_user):
    issue = LocalIssueFactory()
    client.force_login(staff_user)
    data = contest_data(
        issue,
        title_ky="Демилгелер сынагы",
        title_ru="Конкурс инициатив",
        description_ky="Сүрөттөмө",
        description_ru="Описание",
        terms_of_reference_ky="Тапшырма",
        terms_of_reference_ru="Задание",
    )
    response = client.post(ru("office-contest-new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    contest = Contest.objects.get()
    assert (contest.title_ky, contest.title_ru) == ("Демилгелер сынагы", "Конкурс инициатив")
    assert (contest.description_ky, contest.description_ru) == ("Сүрөттөмө", "Описание")
    assert (contest.terms_of_reference_ky, contest.terms_of_reference_ru) == (
        "Тапшырма",
        "Задание",
    )
    # the default criteria keep their Kyrgyz names
    assert all(c.name_ky and c.name_ru and c.name_ky != c.name_ru for c in contest.criteria.all())

    form = client.get(ru("office-contest-edit", contest.pk)).context["form"]
    assert form["title_ky"].value() == "Демилгелер сынагы"
    data |= {"title_ky": "Жаңы сынак", "title_ru": "Новый конкурс"}
    assert client.post(ru("office-contest-edit", contest.pk), data).status_code == 302
    contest.refresh_from_db()
    assert (contest.title_ky, contest.title_ru) == ("Жаңы сынак", "Новый конкурс")


def test_criteria_edited_on_russian_page(client, municipality, staff_user):
    contest = ContestFactory()
    criteria = list(contest.criteria.all())
    client.force_login(staff_user)
    url = ru("office-criteria", contest.pk)
    formset = client.get(url).context["formset"]
    assert formset.forms[0]["name"].value() == criteria[0].name_ky
    data = {"cr-TOTAL_FORMS": str(len(criteria) + 1), "cr-INITIAL_FORMS": str(len(criteria))}
    for i, c in enumerate(criteria):
        data.update(
            {
                f"cr-{i}-id": c.pk,
                f"cr-{i}-name": c.name_ky,
                f"cr-{i}-name_ru": c.name_ru,
                f"cr-{i}-weight": "2",
                f"cr-{i}-max_score": "5",
                f"cr-{i}-order": i,
            }
        )
    n = len(criteria)
    data.update(
        {
            f"cr-{n}-name": "Жаңылык",
            f"cr-{n}-name_ru": "Новизна",
            f"cr-{n}-weight": "1",
            f"cr-{n}-max_score": "10",
        }
    )
    assert client.post(url, data).status_code == 302
    rows = {(c.name_ky, c.name_ru) for c in contest.criteria.all()}
    assert ("Жаңылык", "Новизна") in rows
    assert {(c.name_ky, c.name_ru) for c in criteria} <= rows


@pytest.mark.parametrize("language", ["ru", "en"])
def test_services_take_plain_names_as_kyrgyz(municipality, staff_user, language):
    issue = LocalIssueFactory()
    fields = {
        "title": "Сынак",
        "title_ru": "Конкурс",
        "description": "Сүрөттөмө",
        "budget": 78000,
        "max_per_project": 39000,
        "own_contribution_percent": 0,
        "window_opens": "2026-12-03",
        "window_closes": "2026-12-16",
        "required_attachments": 0,
        "quorum_numerator": 2,
        "quorum_denominator": 3,
    }
    with translation.override(language):
        contest = services.contest_create(actor=staff_user, directions=[issue], **fields)
        services.contest_update(actor=staff_user, contest=contest, terms_of_reference="Тапшырма")
        criterion = contest.criteria.first()
        services.contest_criteria_update(
            actor=staff_user,
            contest=contest,
            rows=[
                {
                    "id": criterion.pk,
                    "name": "Маанилүүлүгү",
                    "name_ru": "Значимость",
                    "weight": 1,
                    "max_score": 10,
                    "order": 1,
                }
            ],
        )
    contest.refresh_from_db()
    assert (contest.title_ky, contest.title_ru, contest.description_ky) == (
        "Сынак",
        "Конкурс",
        "Сүрөттөмө",
    )
    assert contest.terms_of_reference_ky == "Тапшырма" and not contest.title_en
    assert [(c.name_ky, c.name_ru) for c in contest.criteria.all()] == [
        ("Маанилүүлүгү", "Значимость")
    ]


def test_announcement_on_russian_page_has_kyrgyz_title(municipality, staff_user):
    contest = ContestFactory(title="Демилгелер сынагы", title_ru="Конкурс инициатив")
    with translation.override("ru"):
        services.contest_announce(actor=staff_user, contest=contest)
    contest.refresh_from_db()
    notice = contest.announcement
    assert notice.title_ky == "Жергиликтүү демилгелер сынагы: Демилгелер сынагы"
    assert notice.title_ru == "Конкурс местных инициатив: Конкурс инициатив"


def test_admin_edits_each_language_of_the_criteria(client, municipality):
    from tests.municipality.factories import UserFactory

    contest = ContestFactory()
    client.force_login(UserFactory(roles=["administrator"]))
    html = client.get(f"/ru/admin/initiatives/contest/{contest.pk}/change/").content.decode()
    assert 'name="criteria-0-name_ky"' in html and 'name="criteria-0-name_ru"' in html
    assert 'name="criteria-0-name"' not in html


def test_receipt_names_the_contest_in_the_applicants_language(municipality, resident):
    from initiatives.models import Application
    from municipality.models import OutboxMessage

    from .factories import ApplicationFactory

    resident.language = "ru"
    resident.save()
    application = ApplicationFactory(applicant=resident)
    contest = application.contest
    services.application_submit(actor=resident, application=application)
    body = OutboxMessage.objects.get(user=resident).body
    assert contest.title_ru in body and contest.title_ky not in body
    assert Application.objects.get().registration_number in body
