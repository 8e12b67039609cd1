"""Load the legal list of issues of local significance (22 items) in Kyrgyz, Russian and English.

The items are kept as data so that a change of the law is an edit in the admin, not a release.
"""

from django.db import migrations

LEGAL_BASIS = {
    "ky": (
        "Кыргыз Республикасынын «Жергиликтүү мамлекеттик администрация жана жергиликтүү өз "
        "алдынча башкаруу органдары жөнүндө» 2021-жылдын 20-октябрындагы № 123 Мыйзамы, "
        "27-берене"
    ),
    "ru": (
        "Закон Кыргызской Республики «О местной государственной администрации и органах "
        "местного самоуправления» от 20 октября 2021 года № 123, статья 27"
    ),
    "en": (
        "Law of the Kyrgyz Republic No. 123 of 20 October 2021 on local state administration "
        "and local self-government bodies, article 27"
    ),
}

# number: (Kyrgyz, Russian, English)
ITEMS = {
    1: (
        "Тиешелүү аймактын экономикалык өнүгүшүн камсыз кылуу",
        "Обеспечение экономического развития соответствующей территории",
        "Ensuring the economic development of the territory",
    ),
    2: (
        "Муниципалдык менчикти башкаруу",
        "Управление муниципальной собственностью",
        "Managing municipal property",
    ),
    3: (
        "Жергиликтүү бюджетти түзүү, бекитүү жана аткаруу",
        "Формирование, утверждение и исполнение местного бюджета",
        "Drafting, approving and executing the local budget",
    ),
    4: (
        "Калкты ичүүчү суу менен жабдуу",
        "Обеспечение населения питьевой водой",
        "Supplying the population with drinking water",
    ),
    5: (
        "Калктуу конуштарда канализация жана тазалоочу курулмалардын тутумунун ишин камсыз кылуу",
        "Обеспечение функционирования системы канализации и очистных сооружений "
        "в населённых пунктах",
        "Operating sewerage and treatment facilities in settlements",
    ),
    6: (
        "Калктуу конуштардагы муниципалдык жолдордун иштешин камсыз кылуу",
        "Обеспечение функционирования муниципальных дорог в населённых пунктах",
        "Maintaining municipal roads in settlements",
    ),
    7: (
        "Жалпы пайдалануудагы жерлерге жарык берүүнү уюштуруу",
        "Организация освещения мест общего пользования",
        "Lighting public places",
    ),
    8: (
        "Көрүстөндөрдүн иштешин жана ырасым кызматтарынын көрсөтүлүшүн камсыз кылуу",
        "Обеспечение функционирования кладбищ и предоставления ритуальных услуг",
        "Cemeteries and funeral services",
    ),
    9: (
        "Жалпы пайдалануудагы жерлерди көрктөндүрүү жана жашылдандыруу",
        "Благоустройство и озеленение мест общего пользования",
        "Landscaping and greening public places",
    ),
    10: (
        "Парктардын, спорттук курулмалардын жана дем алуу жайларынын иштешин камсыз кылуу",
        "Обеспечение функционирования парков, спортивных сооружений и мест отдыха",
        "Parks, sports facilities and recreation areas",
    ),
    11: (
        "Турмуш-тиричилик калдыктарын жыйноону, ташып кетүүнү жана керектен чыгарууну уюштуруу",
        "Организация сбора, вывоза и утилизации бытовых отходов",
        "Collecting, removing and disposing of household waste",
    ),
    12: (
        "Муниципалдык транспорттун иштешин камсыз кылуу жана калктуу конуштардын чегинде "
        "коомдук транспорттун иштешин жөнгө салуу",
        "Обеспечение функционирования муниципального транспорта и регулирование работы "
        "общественного транспорта в пределах населённого пункта",
        "Municipal transport; regulating public transport within settlements",
    ),
    13: (
        "Жергиликтүү маанидеги маданий жана тарыхый жетишкендиктерди сактоо",
        "Сохранение культурных и исторических ценностей местного значения",
        "Preserving cultural and historical heritage of local significance",
    ),
    14: (
        "Жергиликтүү маанидеги китепканалардын ишин уюштуруу жана камсыз кылуу",
        "Организация и обеспечение деятельности библиотек местного значения",
        "Running libraries of local significance",
    ),
    15: (
        "Жер пайдалануу эрежелерин белгилөө жана шаар куруу менен архитектуранын ченемдерин "
        "жана эрежелерин сактоону камсыз кылуу",
        "Установление правил землепользования и обеспечение соблюдения норм и правил "
        "градостроительства и архитектуры",
        "Setting land-use rules; enforcing urban-planning and architecture norms",
    ),
    16: (
        "Тиешелүү калктуу конуштун аймагында жарнакты Кыргыз Республикасынын мыйзамдары менен "
        "белгиленген тартипте жайгаштыруу",
        "Размещение рекламы на территории соответствующего населённого пункта в порядке, "
        "установленном законодательством Кыргызской Республики",
        "Placing advertising in the settlement under the procedure set by law",
    ),
    17: (
        "Коомдук тартипти сактоого көмөктөшүү",
        "Содействие в охране общественного порядка",
        "Helping maintain public order",
    ),
    18: (
        "Элдик көркөм чыгармачылыкты өнүктүрүү үчүн шарттарды түзүү",
        "Создание условий для развития народного художественного творчества",
        "Creating conditions for folk arts",
    ),
    19: (
        "Бош убакытты өткөрүүнү уюштуруу үчүн шарттарды түзүү",
        "Создание условий для организации досуга",
        "Creating conditions for leisure",
    ),
    20: (
        "Балдар жана жаштар менен иштөө боюнча иш-чараларды жүзөгө ашырууну уюштуруу",
        "Организация проведения мероприятий по работе с детьми и молодёжью",
        "Organising work with children and youth",
    ),
    21: (
        "Дене тарбиясын жана массалык спортту өнүктүрүү үчүн шарттарды камсыз кылуу",
        "Обеспечение условий для развития физической культуры и массового спорта",
        "Conditions for physical education and mass sport",
    ),
    22: (
        "Өзгөчө кырдаалдарды алдын алууга жана кесепеттерин жоюуга көмөктөшүү",
        "Содействие в предупреждении и ликвидации последствий чрезвычайных ситуаций",
        "Helping prevent emergencies and deal with their aftermath",
    ),
}


def load_reference_list(apps, schema_editor):
    # Historical models know nothing of modeltranslation: set every language column.
    LocalIssueReference = apps.get_model("municipality", "LocalIssueReference")
    for number, (ky, ru, en) in ITEMS.items():
        LocalIssueReference.objects.update_or_create(
            number=number,
            defaults={
                "title": ky,
                "title_ky": ky,
                "title_ru": ru,
                "title_en": en,
                "legal_basis": LEGAL_BASIS["ky"],
                "legal_basis_ky": LEGAL_BASIS["ky"],
                "legal_basis_ru": LEGAL_BASIS["ru"],
                "legal_basis_en": LEGAL_BASIS["en"],
                "is_active": True,
            },
        )


def unload_reference_list(apps, schema_editor):
    LocalIssueReference = apps.get_model("municipality", "LocalIssueReference")
    LocalIssueReference.objects.filter(
        number__in=list(ITEMS), local_issues__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("municipality", "0003_outbox_claim_and_subscription_code"),
    ]

    operations = [
        migrations.RunPython(load_reference_list, unload_reference_list),
    ]
