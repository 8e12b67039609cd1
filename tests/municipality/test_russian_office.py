"""Staff working on the Russian (or English) office pages keep the Kyrgyz and Russian texts
apart, and the helpers of municipality.i18n that make it so."""

import pytest
from django import forms
from django.core.management import call_command
from django.utils import translation

from budget.models import BudgetCategory, BudgetLineLink
from engagement_plan.models import Plan
from initiatives.models import Contest
from monitoring.models import MonitoringGroup
from municipality.i18n import KyrgyzFieldsFormMixin, kyrgyz_fields, text_in
from municipality.models import LocalIssue, Notice, Village
from municipality.services.local_issues import local_issue_create

from .factories import LocalIssueFactory

pytestmark = pytest.mark.django_db


def test_local_issue_added_and_edited_on_russian_page(client, municipality, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/ru/office/local-issues/new/",
        {
            "reference": "",
            "title_ky": "Сугат суу",
            "title_ru": "Поливная вода",
            "description_ky": "Суу жетпейт",
            "description_ru": "Воды не хватает",
            "priority": 1,
        },
    )
    assert response.status_code == 302
    issue = LocalIssue.objects.get()
    assert (issue.title_ky, issue.title_ru) == ("Сугат суу", "Поливная вода")
    assert (issue.description_ky, issue.description_ru) == ("Суу жетпейт", "Воды не хватает")

    form = client.get(f"/ru/office/local-issues/{issue.pk}/edit/").context["form"]
    assert form["title_ky"].value() == "Сугат суу"
    response = client.post(
        f"/ru/office/local-issues/{issue.pk}/edit/",
        {"reference": "", "title_ky": "Сугат суусу", "title_ru": "Вода для полива", "priority": 2},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.title_ky, issue.title_ru) == ("Сугат суусу", "Вода для полива")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_local_issue_service_keeps_russian_title(municipality, staff_user, language):
    with translation.override(language):
        issue = local_issue_create(
            actor=staff_user, reference=None, title_ky="Жолдор", title_ru="Дороги", priority=3
        )
    issue.refresh_from_db()
    assert (issue.title_ky, issue.title_ru) == ("Жолдор", "Дороги")
    assert not issue.title_en


def test_notice_drafted_on_russian_page(client, municipality, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/ru/office/notices/new/",
        {
            "title_ky": "Жыйын",
            "title_ru": "Сход",
            "body_ky": "Жыйын болот",
            "body_ru": "Состоится сход",
            "category": Notice.Category.GENERAL,
        },
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert (notice.title_ky, notice.title_ru) == ("Жыйын", "Сход")
    assert (notice.body_ky, notice.body_ru) == ("Жыйын болот", "Состоится сход")


def test_demo_seeded_from_a_russian_shell_is_kyrgyz_first(settings, municipality):
    settings.DEBUG = True
    with translation.override("ru"):
        call_command("seed_demo", stdout=open("/dev/null", "w"))
    plan = Plan.objects.order_by("pk").first()
    assert plan.title_ky and plan.title_ru and plan.title_ky != plan.title_ru
    issue = LocalIssue.objects.order_by("pk").first()
    assert issue.title_ky and issue.title_ky != issue.title_ru
    for model, field in (
        (BudgetCategory, "name"),
        (BudgetLineLink, "label"),
        (Village, "name"),
        (Contest, "title"),
        (MonitoringGroup, "name"),
    ):
        rows = list(model.objects.all())
        assert rows and all(getattr(row, f"{field}_ky") for row in rows), model
        assert not any(getattr(row, f"{field}_en") for row in rows), model


# municipality.i18n ---------------------------------------------------------------------------


def test_kyrgyz_fields_renames_only_translated_names():
    assert kyrgyz_fields(Plan, {"title": "а", "title_ru": "б", "period_start": 2025}) == {
        "title_ky": "а",
        "title_ru": "б",
        "period_start": 2025,
    }
    with pytest.raises(TypeError):
        kyrgyz_fields(Plan, {"title": "а", "title_ky": "б"})


def test_text_in_reads_a_fixed_language_with_fallback():
    issue = LocalIssueFactory(title="Жолдор", title_ru="Дороги")
    with translation.override("ru"):
        assert text_in(issue, "title") == "Жолдор"
        assert text_in(issue, "title", "ru") == "Дороги"
    issue.title_ru = ""
    assert text_in(issue, "title", "ru") == "Жолдор"


def test_form_mixin_gives_kyrgyz_fields_the_plain_fields_look():
    class PlanForm(KyrgyzFieldsFormMixin, forms.ModelForm):
        class Meta:
            model = Plan
            fields = ["title_ky", "title_ru", "summary_ky"]

    with translation.override("ru"):
        form = PlanForm()
        plain = Plan._meta.get_field("title").formfield()
        assert form.fields["title_ky"].label == plain.label
        assert form.fields["title_ky"].required and not form.fields["summary_ky"].required
        assert not form.fields["title_ru"].required
