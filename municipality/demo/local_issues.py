"""Demo data: the list of local issues of the demo municipality (invented)."""

from datetime import timedelta
from importlib import import_module

from django.apps import apps as django_apps
from django.utils import timezone

from municipality.models import (
    LocalIssue,
    LocalIssueList,
    LocalIssueReference,
)

# (legal-list number or None, title ky, title ru, description ky, description ru, priority)
LOCAL_ISSUES = [
    (
        4,
        "",
        "",
        "Көк-Сай жана Таш-Көпүрө айылдарында суу түтүгү эскирген, жайында ичүүчү суу жетишпейт.",
        "В сёлах Кок-Сай и Таш-Копуро водопровод изношен, летом не хватает питьевой воды.",
        1,
    ),
    (
        None,
        "Сугат суу",
        "Поливная вода",
        "Сугат каналдары бузулган, жерлердин бир бөлүгү сугарылбай калууда.",
        "Оросительные каналы разрушены, часть земель остаётся без полива.",
        1,
    ),
    (
        11,
        "",
        "",
        "Таштанды полигону жок, таштанды жумасына бир жолу гана ташылат.",
        "Нет полигона для отходов, мусор вывозят только раз в неделю.",
        1,
    ),
    (
        6,
        "",
        "",
        "Айыл ичиндеги көчөлөрдүн жарымынан көбү асфальтсыз, жазында ылай болот.",
        "Больше половины сельских улиц без асфальта, весной на них грязь.",
        2,
    ),
    (
        7,
        "",
        "",
        "Борбордук көчөдөн башка көчөлөрдө түнкү жарык жок.",
        "Кроме центральной улицы, улицы ночью не освещены.",
        2,
    ),
    (
        22,
        "",
        "",
        "Көк-Сай суусунун жээгин селден коргоо керек.",
        "Нужно защитить берег реки Кок-Сай от селей.",
        2,
    ),
    (
        20,
        "",
        "",
        "Жаштар үчүн ийримдер жана иш-чаралар аз.",
        "Мало кружков и мероприятий для молодёжи.",
        3,
    ),
    (
        21,
        "",
        "",
        "Жаңы-Жер айылында спорт аянтчасы жок.",
        "В селе Жаны-Жер нет спортивной площадки.",
        3,
    ),
    (
        3,
        "",
        "",
        "Тургундар бюджет тууралуу маалыматты өз убагында алышпайт.",
        "Жители не получают вовремя информацию о бюджете.",
        3,
    ),
    (
        9,
        "",
        "",
        "Мектептин жанындагы сейил бакты калыбына келтирүү.",
        "Восстановить сквер возле школы.",
        4,
    ),
    (
        14,
        "",
        "",
        "Китепкананын китеп фонду көп жылдан бери жаңыланган эмес.",
        "Фонд библиотеки много лет не обновлялся.",
        4,
    ),
]


def _seed_local_issues(users):
    if not LocalIssueReference.objects.exists():
        # A flushed database (transactional tests) has lost the migration's legal list.
        legal_list = import_module("municipality.migrations.0004_local_issue_reference_list")
        legal_list.load_reference_list(django_apps, None)
    references = {r.number: r for r in LocalIssueReference.objects.all()}
    for number, ky, ru, description, description_ru, priority in LOCAL_ISSUES:
        reference = references.get(number)
        if number and reference is None:
            continue
        title_ky = ky or reference.title_ky
        if LocalIssue.objects.filter(title_ky=title_ky, is_active=True).exists():
            continue
        LocalIssue.objects.create(
            reference=reference,
            title=title_ky,
            title_ky=title_ky,
            title_ru=ru or reference.title_ru,
            title_en=reference.title_en if reference else "",
            description=description,
            description_ky=description,
            description_ru=description_ru,
            priority=priority,
        )
    if not LocalIssueList.objects.exists():
        publication = LocalIssueList.objects.create(
            published_by=users.get("staff"), note="Айылдык жыйында каралды."
        )
        LocalIssueList.objects.filter(pk=publication.pk).update(
            published_at=timezone.now() - timedelta(days=40)
        )
