"""Demo data: the five-member group of seed 003 with three venues, two signed protocols
with a photo, and recommendations in every state. Invented names; idempotent."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from municipality.models import Village

from . import services
from .models import GroupMember, MonitoringGroup, Recommendation, Subject

RESOLUTION_NUMBER = "14/3"

SUBJECTS = [
    (Subject.Kind.INITIATIVE, "Ичүүчү суу түтүгүн оңдоо", "Ремонт водопровода"),
    (Subject.Kind.INITIATIVE, "Балдар аянтчасын куруу", "Строительство детской площадки"),
    (
        Subject.Kind.PLAN_ACTIVITY,
        "Көчөлөрдү жарыктандыруу боюнча айылдык жыйын",
        "Сельский сход по освещению улиц",
    ),
]


def _photo(color, label) -> SimpleUploadedFile:
    image = Image.new("RGB", (2000, 1500), color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 700, 1700, 1300), fill=(120, 120, 120))
    draw.rectangle((0, 1300, 2000, 1500), fill=(90, 140, 60))
    draw.text((60, 60), label, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg")


def seed(*, municipality, users, stdout, **kwargs):
    if MonitoringGroup.objects.filter(resolution_number=RESOLUTION_NUMBER).exists():
        return
    today = timezone.localdate()
    kenesh, staff = users["kenesh"], users["staff"]
    villages = list(Village.objects.all()[:3]) or [None, None, None]
    while len(villages) < 3:
        villages.append(villages[0])
    group = services.group_create(
        actor=kenesh,
        name="Ак-Булуң айыл аймагынын биргелешкен мониторинг жана баалоо тобу",
        name_ru="Группа совместного мониторинга и оценки айылного аймака Ак-Булун",
        resolution_number=RESOLUTION_NUMBER,
        resolution_date=today - datetime.timedelta(days=75),
        period_start=today - datetime.timedelta(days=60),
        period_end=today + datetime.timedelta(days=305),
        mandate="Жергиликтүү демилгелердин жана жамаатты тартуу планынын аткарылышына "
        "мониторинг жүргүзүү, протоколдорду түзүп айыл өкмөтүнө тапшыруу.",
        mandate_ru="Мониторинг реализации местных инициатив и плана вовлечения сообщества, "
        "составление протоколов и передача их айыл окмоту.",
    )
    seats = {
        "chair": services.member_add(
            actor=kenesh,
            group=group,
            user=users["monitor1"],
            name="",
            category=GroupMember.Category.COMMUNITY,
            sex="m",
            village=villages[0],
            is_chair=True,
        ),
        "member": services.member_add(
            actor=kenesh,
            group=group,
            user=users["monitor2"],
            name="",
            category=GroupMember.Category.COMMUNITY,
            sex="f",
            village=villages[1],
        ),
    }
    others = [
        services.member_add(
            actor=kenesh,
            group=group,
            name="Сатыбалдиева Жылдыз",
            category=GroupMember.Category.STAFF,
            sex="f",
            village=villages[0],
        ),
        services.member_add(
            actor=kenesh,
            group=group,
            name="Токтогулов Бакыт",
            category=GroupMember.Category.DEPUTY,
            sex="m",
            village=villages[1],
        ),
        services.member_add(
            actor=kenesh,
            group=group,
            name="Эсенова Айпери",
            category=GroupMember.Category.DEPUTY,
            sex="f",
            village=villages[2],
        ),
    ]
    subjects = [
        services.subject_create(
            actor=kenesh,
            group=group,
            kind=kind,
            title=title,
            title_ru=title_ru,
            planned_visits=[today + datetime.timedelta(days=30 * (i + 1))],
        )
        for i, (kind, title, title_ru) in enumerate(SUBJECTS)
    ]
    chair, member = users["monitor1"], users["monitor2"]
    visits = [
        (
            subjects[0],
            villages[0],
            "Борбордук көчө, суу сактагычтын жанында",
            "Түтүктөрдүн 80 пайызы алмаштырылды. Иштер техникалык тапшырмага ылайык жүрүүдө, "
            "тургундар ашар менен катышты.",
            [
                ("Калган түтүктөрдү кыш келгенге чейин алмаштыруу", -5),
                ("Суу сактагычтын тосмосун оңдоо", 20),
            ],
            (70, 110, 160),
            {"attendance_total": 12, "attendance_women": 5, "attendance_men": 7},
        ),
        (
            subjects[1],
            villages[1],
            "Мектептин жанындагы аянт",
            "Аянтча курулду, бирок таякчалар боёло элек жана таштанды челеги жок.",
            [("Таякчаларды боёо", 10), ("Таштанды челектерин коюу", 15)],
            (160, 110, 70),
            {
                "attendance_total": 18,
                "attendance_women": 7,
                "attendance_men": 5,
                "attendance_under_18": 6,
            },
        ),
    ]
    for subject, village, address, findings, recommendations, color, counts in visits:
        protocol = services.protocol_start(actor=member, subject=subject)
        answers = {q.pk: ("yes", "") for q in group.questions.filter(subject_kind=subject.kind)}
        services.protocol_save(
            actor=member,
            protocol=protocol,
            data={
                "visit_date": today - datetime.timedelta(days=20),
                "village": village,
                "address": address,
                "findings": findings,
            },
            members_present=[seats["chair"], seats["member"], *others[:2]],
            answers=answers,
            recommendations=[
                {
                    "text": text,
                    "addressee": "Айыл өкмөтү",
                    "due_date": today + datetime.timedelta(days=days),
                }
                for text, days in recommendations
            ],
            photos=[_photo(color, subject.title_ru)],
            attendance=counts,
            villages={village: counts["attendance_total"]},
        )
        services.protocol_submit(actor=member, protocol=protocol)
        services.protocol_sign(
            actor=chair, protocol=protocol, confirmed_members=[seats["member"], *others[:2]]
        )
    first, second, third, fourth = Recommendation.objects.filter(protocol__group=group).order_by(
        "pk"
    )
    services.recommendation_answer(
        actor=staff,
        recommendation=second,
        response="Тосмо оңдолду.",
        action_taken="Жергиликтүү бюджеттен 12 000 сом бөлүндү, тосмо жаңыланды.",
    )
    services.recommendation_resolve(
        actor=chair, recommendation=second, note="Текшердик, тосмо оңдолгон."
    )
    services.recommendation_answer(
        actor=staff, recommendation=third, response="Боёк сатылып алынды, ушул жумада боёлот."
    )
    services.recommendation_answer(actor=staff, recommendation=fourth, response="Челектер коюлду.")
    services.recommendation_reopen(
        actor=chair, recommendation=fourth, note="Бир гана челек коюлган, экөө керек."
    )
    stdout.write(f"Monitoring: {group.name} — 5 members, 3 subjects, 2 signed protocols")
