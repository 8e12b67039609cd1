"""The fictional demo municipality: invented names, never real people."""

from datetime import timedelta
from importlib import import_module

from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.utils import timezone

from municipality.models import Municipality, User, Village

ACCOUNTS = {
    "staff": ("Токтосунова Айзада", ["staff"]),
    "head": ("Жумабеков Нурлан", ["head", "staff"]),
    "kenesh": ("Осмонова Чолпон", ["kenesh_secretary"]),
    "commission1": ("Бекова Бүбүсара", ["commission_member"]),
    "commission2": ("Алиев Өмүрбек", ["commission_member"]),
    "commission3": ("Сыдыкова Үмүт", ["commission_member"]),
    "monitor1": ("Асанов Төлөгөн", ["monitoring_member"]),
    "monitor2": ("Касымова Гүлзат", ["monitoring_member"]),
    "resident1": ("Мамытов Эрлан", []),
    "resident2": ("Керимова Нурия", []),
    "admin": ("Администратор", ["administrator"]),
}


def seed(*, password, stdout):
    """Create the profile and one account per role; returns what the apps' seeds need."""
    municipality, _ = Municipality.objects.get_or_create(
        defaults={
            "name": "Ак-Булуң айыл өкмөтү",
            "name_ru": "Айыл окмоту Ак-Булун",
            "ayil_aimak": "Ак-Булуң айыл аймагы",
            "district": "Жайыл району",
            "oblast": "Чүй облусу",
            "head_name": "Жумабеков Нурлан",
            "head_title": "Айыл өкмөт башчысы",
        }
    )
    users = {}
    for username, (full_name, roles) in ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "email": f"{username}@example.kg"},
        )
        user.set_password(password)
        user.is_staff = user.is_superuser = username == "admin"
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
        users[username] = user
    _seed_profile(municipality)
    _seed_villages()
    _seed_local_issues(users)
    _seed_notices(users)
    return {"municipality": municipality, "users": users, "stdout": stdout}


# The portal's public content: villages, the list of local issues, notices.

VILLAGES = [
    ("Ак-Булуң", "Ак-Булун", 4210),
    ("Жаңы-Жер", "Жаны-Жер", 2380),
    ("Көк-Сай", "Кок-Сай", 1650),
    ("Таш-Көпүрө", "Таш-Копуро", 1120),
    ("Бел-Терек", "Бел-Терек", 870),
]

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

G, E, C, H, P, M, K = "general", "emergency", "contest", "hearing", "plan", "monitoring", "kenesh"

# (category, title ky, title ru, body ky, body ru, days ago (negative: scheduled), state,
#  place ky, place ru, event in days or None)
NOTICES = [
    (
        E,
        "Сел коркунучу: Көк-Сай суусунун жээгинен алыс болуңуз",
        "Угроза селя: держитесь подальше от берега реки Кок-Сай",
        "Катуу жамгырдан улам сел жүрүү коркунучу бар. Балдарды суунун жээгине жибербеңиз, малды "
        "жайыттан алып келиңиз. Шашылыш учурда 112 номерине чалыңыз.",
        "Из-за сильных дождей есть угроза схода селя. Не пускайте детей к реке, уведите скот с "
        "пастбищ. В экстренном случае звоните 112.",
        1,
        "visible",
        "",
        "",
        None,
    ),
    (
        G,
        "Ичүүчү суу убактылуу өчүрүлөт",
        "Подача питьевой воды временно прекращается",
        "Суу түтүгүн оңдоо иштерине байланыштуу Ак-Булуң айылында ичүүчү суу 9:00дөн 15:00гө чейин "
        "өчүрүлөт. Алдын ала суу камдап алыңыз.",
        "В связи с ремонтом водопровода в селе Ак-Булун подача питьевой воды будет прекращена с 9:00 "
        "до 15:00. Запаситесь водой заранее.",
        2,
        "visible",
        "Ак-Булуң айылы",
        "село Ак-Булун",
        3,
    ),
    (
        G,
        "Таштанды ташуунун жаңы графиги",
        "Новый график вывоза мусора",
        "Мындан ары таштанды шейшемби жана жума күндөрү ташылат. Таштандыны таңкы саат 8ге чейин "
        "чыгарыңыз.",
        "Теперь мусор вывозят по вторникам и пятницам. Выносите мусор до 8 утра.",
        3,
        "visible",
        "",
        "",
        None,
    ),
    (
        H,
        "Кийинки жылдын бюджетинин долбоору боюнча коомдук бюджеттик угуулар",
        "Общественные бюджетные слушания по проекту бюджета на следующий год",
        "Айыл өкмөтү бардык тургундарды бюджеттин долбоорун талкуулоого чакырат. Сунуштарыңызды "
        "угууларга чейин жөнөтсөңүз болот.",
        "Айыл окмоту приглашает всех жителей обсудить проект бюджета. Предложения можно направить "
        "до слушаний.",
        4,
        "visible",
        "Маданият үйү, Ак-Булуң",
        "Дом культуры, Ак-Булун",
        12,
    ),
    (
        C,
        "Жергиликтүү демилгелер сынагы жарыяланды",
        "Объявлен конкурс местных инициатив",
        "Демилгелүү топтор ичүүчү суу, таштанды жана жаштар менен иштөө багыттары боюнча өтүнмө "
        "бере алышат. Бир долбоорго 78 000 сомго чейин.",
        "Инициативные группы могут подать заявки по направлениям: питьевая вода, мусор, работа с "
        "молодёжью. До 78 000 сомов на один проект.",
        6,
        "visible",
        "",
        "",
        None,
    ),
    (
        P,
        "Жергиликтүү жамаатты тартуу планынын долбоору талкууга коюлду",
        "Проект плана вовлечения местного сообщества вынесен на обсуждение",
        "Жумушчу топ даярдаган пландын долбоору менен таанышып, пикириңизди калтырыңыз.",
        "Ознакомьтесь с проектом плана, подготовленным рабочей группой, и оставьте свой отзыв.",
        8,
        "visible",
        "",
        "",
        None,
    ),
    (
        M,
        "Биргелешкен мониторинг тобунун жыйынтыктары",
        "Итоги работы группы совместного мониторинга и оценки",
        "Топ спорт аянтчасынын курулушун текшерди. Протокол жана сунуштамалар жарыяланды.",
        "Группа проверила строительство спортивной площадки. Протокол и рекомендации опубликованы.",
        9,
        "visible",
        "",
        "",
        None,
    ),
    (
        K,
        "Айылдык кеңештин кезектеги сессиясы",
        "Очередная сессия айылного кенеша",
        "Күн тартибинде: жергиликтүү бюджеттин аткарылышы жана сынактын жобосу. Сессия ачык.",
        "В повестке: исполнение местного бюджета и положение о конкурсе. Сессия открытая.",
        10,
        "visible",
        "Айыл өкмөтүнүн имараты",
        "Здание айыл окмоту",
        7,
    ),
    (
        G,
        "Көчө жарыгын оңдоо иштери",
        "Ремонт уличного освещения",
        "Жаңы-Жер айылынын эки көчөсүнө 20 жаңы чырак орнотулат.",
        "На двух улицах села Жаны-Жер установят 20 новых светильников.",
        12,
        "visible",
        "",
        "",
        None,
    ),
    (
        G,
        "Малды эмдөө",
        "Вакцинация скота",
        "Ветеринардык кызмат ири жана майда малды акысыз эмдейт. Малыңызды эртең менен алып "
        "келиңиз.",
        "Ветеринарная служба бесплатно вакцинирует крупный и мелкий скот. Приводите скот утром.",
        14,
        "visible",
        "Көк-Сай айылы, мал базар",
        "село Кок-Сай, скотный рынок",
        5,
    ),
    (
        G,
        "Ашар: мектептин короосун тазалоо",
        "Ашар: уборка школьного двора",
        "Ишемби күнү мектептин короосун чогуу тазалайбыз. Күрөк жана тырмоо ала келиңиз.",
        "В субботу вместе убираем школьный двор. Возьмите лопаты и грабли.",
        15,
        "visible",
        "Таш-Көпүрө мектеби",
        "школа Таш-Копуро",
        4,
    ),
    (
        H,
        "Бюджеттин аткарылышы боюнча коомдук угуулар",
        "Общественные слушания по исполнению бюджета",
        "Өткөн жылдын бюджетинин аткарылышы тууралуу отчет угулат.",
        "Будет заслушан отчёт об исполнении бюджета прошлого года.",
        20,
        "visible",
        "Маданият үйү",
        "Дом культуры",
        None,
    ),
    (
        K,
        "Кеңештин депутаттары тургундарды кабыл алат",
        "Депутаты кенеша принимают граждан",
        "Депутаттар ар бир айдын биринчи дүйшөмбүсүндө тургундарды кабыл алышат.",
        "Депутаты принимают жителей в первый понедельник каждого месяца.",
        22,
        "visible",
        "Айыл өкмөтүнүн имараты",
        "Здание айыл окмоту",
        None,
    ),
    (
        G,
        "Жер салыгын төлөө мөөнөтү",
        "Срок уплаты земельного налога",
        "Жер салыгын 1-декабрга чейин төлөңүз. Төлөмдү банкта же айыл өкмөтүндө кабыл алышат.",
        "Оплатите земельный налог до 1 декабря. Оплату принимают в банке или в айыл окмоту.",
        25,
        "visible",
        "",
        "",
        None,
    ),
    (
        C,
        "Сынактын жеңүүчүлөрүнүн тизмеси",
        "Список победителей конкурса",
        "Конкурстук комиссия беш долбоорду колдоого алды. Тизме жана протокол тиркелди.",
        "Конкурсная комиссия поддержала пять проектов. Список и протокол прилагаются.",
        30,
        "visible",
        "",
        "",
        None,
    ),
    (
        P,
        "Айылдык жыйын: тартуу планын талкуулоо",
        "Сельский сход: обсуждение плана вовлечения",
        "Жыйында пландын иш-чаралары жана жооптуу адамдар талкууланат.",
        "На сходе обсудят мероприятия плана и ответственных.",
        33,
        "visible",
        "Ак-Булуң клубу",
        "клуб Ак-Булун",
        None,
    ),
    (
        M,
        "Суу түтүгүн куруу боюнча мониторинг протоколу",
        "Протокол мониторинга строительства водопровода",
        "Топ иштердин 70 пайызы аткарылганын белгиледи жана эки сунуштама берди.",
        "Группа отметила, что выполнено 70 процентов работ, и дала две рекомендации.",
        36,
        "visible",
        "",
        "",
        None,
    ),
    (
        G,
        "Спорт аянтчасынын ачылышы",
        "Открытие спортивной площадки",
        "Жаңы-Жер айылында жаңы спорт аянтчасы ачылат. Бардыгын майрамга чакырабыз!",
        "В селе Жаны-Жер открывается новая спортивная площадка. Приглашаем всех на праздник!",
        40,
        "visible",
        "Жаңы-Жер айылы",
        "село Жаны-Жер",
        None,
    ),
    (
        G,
        "Китепкананын иш убактысы өзгөрдү",
        "Изменились часы работы библиотеки",
        "Айыл китепканасы эми 10:00дөн 18:00гө чейин иштейт, дем алыш күнү — жекшемби.",
        "Сельская библиотека теперь работает с 10:00 до 18:00, выходной — воскресенье.",
        45,
        "visible",
        "",
        "",
        None,
    ),
    (
        G,
        "Кышкы отун: муктаж үй-бүлөлөргө жардам",
        "Зимнее топливо: помощь нуждающимся семьям",
        "Аз камсыз болгон үй-бүлөлөр көмүр алуу үчүн айыл өкмөтүнө арыз бере алышат.",
        "Малообеспеченные семьи могут подать в айыл окмоту заявление на получение угля.",
        50,
        "visible",
        "",
        "",
        None,
    ),
    (
        G,
        "Жазгы сугат кезектери (долбоор)",
        "Очерёдность полива весной (черновик)",
        "Сугат суунун кезектери айылдар боюнча бөлүштүрүлөт.",
        "Очерёдность полива будет распределена по сёлам.",
        0,
        "draft",
        "",
        "",
        None,
    ),
    (
        G,
        "Жаңы жыл майрамы",
        "Новогодний праздник",
        "Балдар үчүн жаңы жылдык майрам маданият үйүндө өтөт.",
        "Новогодний праздник для детей пройдёт в доме культуры.",
        -5,
        "visible",
        "Маданият үйү",
        "Дом культуры",
        30,
    ),
    (
        G,
        "Шайлоочулардын тизмесин тактоо",
        "Уточнение списков избирателей",
        "Шайлоочулар өздөрүнүн маалыматтарын тизмеден текшерип алышы керек.",
        "Избирателям нужно проверить свои данные в списках.",
        60,
        "expired",
        "",
        "",
        None,
    ),
]


def _seed_profile(municipality):
    defaults = {
        "address": "Ак-Булуң айылы, Манас көчөсү, 12",
        "address_ru": "село Ак-Булун, ул. Манаса, 12",
        "phone": "+996 (3134) 5-12-34",
        "email": "info@ak-bulung.example.kg",
        "name_ru": "Айыл окмоту Ак-Булун",
        "ayil_aimak_ru": "Ак-Булунский айылный аймак",
        "district_ru": "Жайыльский район",
        "oblast_ru": "Чуйская область",
        "head_title_ru": "Глава айыл окмоту",
        "head_name_ru": "Жумабеков Нурлан",
    }
    changed = False
    for field, value in defaults.items():
        if not getattr(municipality, field):
            setattr(municipality, field, value)
            changed = True
    if changed:
        municipality.save()


def _seed_villages():
    for order, (ky, ru, population) in enumerate(VILLAGES, start=1):
        Village.objects.get_or_create(
            name_ky=ky,
            defaults={"name": ky, "name_ru": ru, "population": population, "order": order},
        )


def _seed_local_issues(users):
    from municipality.models import LocalIssue, LocalIssueList, LocalIssueReference

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


def _seed_notices(users):
    from municipality.models import Notice

    now = timezone.now()
    for category, ky, ru, body, body_ru, days_ago, state, place, place_ru, event_in in NOTICES:
        if Notice.objects.filter(title_ky=ky).exists():
            continue
        publish_at = timezone.localtime(now - timedelta(days=days_ago)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        if days_ago <= 0:
            publish_at = now - timedelta(days=days_ago, minutes=5)
        notice = Notice(
            category=category,
            title=ky,
            title_ky=ky,
            title_ru=ru,
            body=body,
            body_ky=body,
            body_ru=body_ru,
            place=place,
            place_ky=place,
            place_ru=place_ru,
            status=Notice.Status.DRAFT if state == "draft" else Notice.Status.PUBLISHED,
            publish_at=publish_at,
            event_at=timezone.localtime(publish_at + timedelta(days=event_in)).replace(
                hour=10, minute=0, second=0, microsecond=0
            )
            if event_in
            else None,
            author=users.get("staff"),
        )
        if state == "expired":
            notice.expire_at = now - timedelta(days=3)
        if category == "emergency":
            notice.expire_at = now + timedelta(days=6)
        notice.save()
