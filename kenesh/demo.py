"""Demo data: a kenesh of nine deputies, one past session with two published resolutions,
one announced session, an initiative collecting signatures online and on paper, and a
petition. Invented names; idempotent."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from municipality.models import Village

from . import services
from .models import Decision, Deputy, Session

DEPUTIES = [
    "Абдыкадыров Мирлан",
    "Бакирова Айнура",
    "Жээнбеков Таалай",
    "Исакова Гүлмира",
    "Кадыров Бакыт",
    "Мамбетова Зарина",
    "Орозбеков Азамат",
    "Султанова Жыпар",
    "Токтогулов Нурбек",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed(*, municipality, users, stdout, **kwargs):
    if Deputy.objects.exists():
        return
    kenesh, staff = users["kenesh"], users["staff"]
    villages = list(Village.objects.all()[:3])
    village = villages[0] if villages else None
    now = timezone.now()
    term = datetime.date(now.year - 2, 10, 1)
    deputies = [
        services.deputy_create(
            actor=kenesh,
            full_name=name,
            village=villages[i % len(villages)] if villages else None,
            constituency=f"№ {i + 1} шайлоо округу",
            term_start=term,
        )
        for i, name in enumerate(DEPUTIES)
    ]
    services.commission_create(
        actor=kenesh,
        name_ky="Бюджет, экономика жана финансы боюнча туруктуу комиссия",
        name_ru="Постоянная комиссия по бюджету, экономике и финансам",
        members=deputies[:3],
        chair=deputies[0],
    )
    services.commission_create(
        actor=kenesh,
        name_ky="Социалдык маселелер боюнча туруктуу комиссия",
        name_ru="Постоянная комиссия по социальным вопросам",
        members=deputies[3:6],
        chair=deputies[3],
    )
    services.charter_save(
        actor=kenesh,
        number="3",
        adopted_on=datetime.date(now.year - 3, 4, 15),
        signature_threshold=None,
    )

    # A past session: announced ahead, held with seven of nine, two resolutions.
    past = services.session_create(
        actor=kenesh,
        convocation=7,
        number=12,
        starts_at=now + datetime.timedelta(days=30),
        place="Айыл өкмөтүнүн чоң залы",
    )
    budget = services.agenda_item_add(
        actor=kenesh,
        session=past,
        title="Жергиликтүү бюджеттин аткарылышы жөнүндө",
        description="Өткөн жылдын бюджетинин аткарылышы боюнча отчет.",
    )
    water = services.agenda_item_add(
        actor=kenesh,
        session=past,
        title="Ичүүчү суу үчүн тарифти бекитүү жөнүндө",
    )
    services.session_announce(actor=kenesh, session=past)
    Session.objects.filter(pk=past.pk).update(starts_at=now - datetime.timedelta(days=20))
    past.refresh_from_db()
    services.session_hold(
        actor=kenesh,
        session=past,
        deputies_present=deputies[:7],
        attendance={"attendance_total": 23, "attendance_women": 11, "attendance_men": 12},
    )
    for item, title, title_ru, text, text_ru in [
        (
            budget,
            "Жергиликтүү бюджеттин аткарылышы жөнүндө",
            "Об исполнении местного бюджета",
            "1. Өткөн жылдын бюджетинин аткарылышы жөнүндө отчет бекитилсин.\n"
            "2. Токтом айылдык кеңештин сайтында жарыяланат.",
            "1. Утвердить отчёт об исполнении местного бюджета за прошлый год.\n"
            "2. Постановление публикуется на сайте айыльного кенеша.",
        ),
        (
            water,
            "Ичүүчү суу үчүн тарифти бекитүү жөнүндө",
            "Об утверждении тарифа на питьевую воду",
            "1. Ичүүчү суу үчүн тариф 1 куб метрге 12 сом өлчөмүндө бекитилсин.",
            "1. Утвердить тариф на питьевую воду в размере 12 сомов за 1 кубометр.",
        ),
    ]:
        decision = services.decision_record(
            actor=kenesh,
            item=item,
            outcome=Decision.Outcome.ADOPTED,
            votes_for=6,
            votes_against=1,
            resolution_title=title,
            resolution_text=text,
        )
        resolution = decision.resolution
        resolution.title_ru = title_ru
        resolution.text_ru = text_ru
        resolution.save(update_fields=["title_ru", "text_ru"])
        services.resolution_publish(actor=kenesh, resolution=resolution, signer_name=DEPUTIES[0])

    # The next session, announced with its agenda.
    coming = services.session_create(
        actor=kenesh,
        convocation=7,
        number=13,
        starts_at=now + datetime.timedelta(days=14),
        place="Айыл өкмөтүнүн чоң залы",
    )
    services.agenda_item_add(
        actor=kenesh, session=coming, title="Көчөлөрдү жарыктандыруу программасы жөнүндө"
    )
    services.session_announce(actor=kenesh, session=coming)

    # A people's initiative collecting signatures.
    resident = users["resident1"]
    initiative = services.initiative_file(
        actor=resident,
        title="Мектепке жакын жолдо ылдамдыкты чектөө жөнүндө",
        summary="Мектептин жанындагы көчөдө унаалардын ылдамдыгы саатына 20 км менен чектелсин.",
        draft_text="1. Мектептин айланасындагы 300 метр аралыкта ылдамдык 20 км/с менен чектелет.\n"
        "2. Айыл өкмөтү белгилерди орнотот.",
        initiators="Мамытов Эрлан\nКеримова Нурия\nАсанов Төлөгөн",
    )
    services.initiative_register(actor=kenesh, initiative=initiative)
    for user in (users["resident1"], users["resident2"], users["monitor1"]):
        if user.village_id is None and village is not None:
            user.village = village
            user.save(update_fields=["village"])
        if user.phone_confirmed_at is None:
            user.phone = user.phone or f"+996700{user.pk:06d}"
            user.phone_confirmed_at = now
            user.save(update_fields=["phone", "phone_confirmed_at"])
        services.initiative_sign(initiative=initiative, user=user, show_name=True)
    if village is not None:
        services.sheet_enter(
            actor=staff,
            initiative=initiative,
            scan=SimpleUploadedFile("sheet.pdf", PDF, content_type="application/pdf"),
            lines=[
                {
                    "full_name": name,
                    "birth_year": year,
                    "village": village,
                    "signed_on": timezone.localdate(),
                }
                for name, year in [
                    ("Өмүрова Салтанат", 1968),
                    ("Шаршеев Кубанычбек", 1955),
                    ("Эсенова Асель", 1991),
                ]
            ],
        )

    services.petition_file(
        actor=users["resident2"],
        title="Айылдагы көпүрөнү оңдоо",
        text="Суу ташкынынан кийин көпүрө бузулду. Жазга чейин оңдоону суранабыз.",
    )
    stdout.write("Kenesh: 9 deputies, 2 sessions, 2 resolutions, 1 initiative, 1 petition.")
