"""Demo data for the budget app: a classification, three years of lines, two hearings.

Idempotent: running it again finds what it made before. Invented names only.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from municipality.models import Village

from .models import BudgetCategory, BudgetLine, BudgetLineLink, Hearing, Proposal
from .services import (
    hearing_announce,
    hearing_create,
    hearing_hold,
    hearing_publish_protocol,
    proposal_decide,
    proposal_record,
    proposal_submit,
)

CATEGORIES = [
    # kind, code, ky, ru, planned amount of the first year (som)
    ("revenue", "1111", "Жер салыгы", "Земельный налог", 2_400_000),
    ("revenue", "1112", "Мүлк салыгы", "Налог на имущество", 900_000),
    ("revenue", "1311", "Жергиликтүү салыктар жана жыйымдар", "Местные налоги и сборы", 650_000),
    (
        "revenue",
        "1411",
        "Республикалык бюджеттен трансферттер",
        "Трансферты из республиканского бюджета",
        7_800_000,
    ),
    ("expenditure", "0911", "Билим берүү", "Образование", 4_100_000),
    ("expenditure", "0821", "Маданият", "Культура", 950_000),
    ("expenditure", "0661", "Көрктөндүрүү", "Благоустройство", 1_300_000),
    ("expenditure", "0631", "Суу менен камсыздоо", "Водоснабжение", 1_700_000),
    ("expenditure", "0451", "Жолдор", "Дороги", 1_900_000),
    ("expenditure", "0111", "Башкаруу", "Управление", 1_600_000),
]
GROWTH = {0: Decimal("1.00"), 1: Decimal("1.07"), 2: Decimal("1.12")}
EXECUTION = {"revenue": Decimal("0.97"), "expenditure": Decimal("0.94")}


def _lines(year0: int, stdout) -> dict:
    lines = {}
    for order, (kind, code, name, name_ru, amount) in enumerate(CATEGORIES):
        category, _ = BudgetCategory.objects.get_or_create(
            kind=kind, code=code, defaults={"name": name, "name_ru": name_ru, "order": order}
        )
        for offset in range(3):
            year = year0 + offset
            planned = (Decimal(amount) * GROWTH[offset]).quantize(Decimal("1000"))
            actual = (planned * EXECUTION[kind]).quantize(Decimal("1")) if offset < 2 else None
            line, _ = BudgetLine.objects.get_or_create(
                year=year, category=category, defaults={"planned": planned, "actual": actual}
            )
            lines[(year, code)] = line
    links = [
        (
            (year0 + 1, "0661"),
            "Борбордук паркка отургучтар жана жарык",
            "Скамейки и освещение в центральном парке",
            "/ky/initiatives/",
        ),
        (
            (year0 + 1, "0631"),
            "Жогорку көчөгө суу түтүгү (1,2 км)",
            "Водопровод на Верхней улице (1,2 км)",
            "/ky/plan/",
        ),
        (
            (year0 + 1, "0451"),
            "Мектепке чейинки жолду шагылдоо",
            "Гравийная отсыпка дороги к школе",
            "",
        ),
    ]
    for key, label, label_ru, url in links:
        BudgetLineLink.objects.get_or_create(
            line=lines[key], label=label, defaults={"label_ru": label_ru, "url": url}
        )
    stdout.write(f"  budget: {len(lines)} lines for {year0}–{year0 + 2}")
    return lines


@transaction.atomic
def seed(*, municipality, users, stdout, **kwargs):
    staff, head = users["staff"], users["head"]
    residents = [users["resident1"], users["resident2"]]
    this_year = timezone.localdate().year
    lines = _lines(this_year - 1, stdout)
    village = Village.objects.order_by("order", "pk").first()
    if village is None:
        village = Village.objects.create(name="Ак-Булуң", name_ru="Ак-Булун")

    # A past hearing: last year's execution report, with its protocol.
    past_year = this_year - 1
    past = Hearing.objects.filter(kind=Hearing.Kind.EXECUTION_REPORT, fiscal_year=past_year)
    if not past.exists():
        starts_at = timezone.localtime().replace(
            hour=10, minute=0, second=0, microsecond=0
        ) - datetime.timedelta(days=30)
        hearing = hearing_create(
            actor=staff,
            data={
                "kind": Hearing.Kind.EXECUTION_REPORT,
                "fiscal_year": past_year,
                "starts_at": starts_at,
                "village": village,
                "address": "Маданият үйү, Борбордук көч., 5",
                "address_ru": "Дом культуры, ул. Центральная, 5",
                "agenda": f"{past_year}-жылдын бюджетинин аткарылышы жөнүндө отчет.\n"
                "Тургундардын суроолору жана сунуштары.",
                "agenda_ru": f"Отчёт об исполнении бюджета за {past_year} год.\n"
                "Вопросы и предложения жителей.",
                "responsible": staff,
                "materials_lines": [line for (y, _), line in lines.items() if y == past_year],
            },
        )
        hearing = hearing_announce(
            hearing=hearing,
            actor=staff,
            today=timezone.localdate(starts_at) - datetime.timedelta(days=14),
        )
        p1 = proposal_record(
            hearing=hearing,
            actor=staff,
            author_name="Сатыбалдиева Айгүл",
            source=Proposal.Source.PAPER,
            text="Көчө жарыгын Жогорку көчөгө чейин узартуу.",
            budget_line=lines[(past_year, "0661")],
        )
        p2 = proposal_record(
            hearing=hearing,
            actor=staff,
            author_name="Токтогулов Марат",
            source=Proposal.Source.ORAL,
            text="Башкаруу чыгашаларын кыскартып, жолдорго көбүрөөк каражат бөлүү.",
            budget_line=lines[(past_year, "0111")],
        )
        p3 = proposal_record(
            hearing=hearing,
            actor=staff,
            author_name="Кадырова Зарина",
            source=Proposal.Source.PAPER,
            text="Маданият үйүндө балдар үчүн ийримдерди ачуу.",
        )
        hearing = hearing_hold(
            hearing=hearing,
            actor=staff,
            attendance={
                "attendance_total": 64,
                "attendance_women": 35,
                "attendance_men": 29,
                "attendance_under_18": 3,
                "attendance_18_29": 11,
                "attendance_30_59": 36,
                "attendance_60_plus": 14,
            },
            villages={village: 64},
            discussion="Башчы бюджеттин аткарылышы жөнүндө баяндады. Тургундар суу менен "
            "камсыздоо жана жолдор боюнча суроолорду беришти.",
            now=starts_at + datetime.timedelta(hours=3),
        )
        proposal_decide(proposal=p1, actor=staff, decision=Proposal.Decision.ACCEPTED)
        proposal_decide(
            proposal=p2,
            actor=staff,
            decision=Proposal.Decision.REJECTED,
            reason="Башкаруу чыгашалары мыйзам боюнча минималдуу деңгээлде.",
        )
        proposal_decide(proposal=p3, actor=staff, decision=Proposal.Decision.FORWARDED)
        hearing_publish_protocol(hearing=hearing, actor=head)

    # An upcoming hearing on next year's draft budget, announced, with two proposals.
    next_year = this_year + 1
    if not Hearing.objects.filter(kind=Hearing.Kind.DRAFT_BUDGET, fiscal_year=next_year).exists():
        starts_at = timezone.localtime().replace(
            hour=14, minute=0, second=0, microsecond=0
        ) + datetime.timedelta(days=12)
        hearing = hearing_create(
            actor=staff,
            data={
                "kind": Hearing.Kind.DRAFT_BUDGET,
                "fiscal_year": next_year,
                "starts_at": starts_at,
                "village": village,
                "address": "Айыл өкмөтүнүн жыйындар залы",
                "address_ru": "Зал заседаний айыл окмоту",
                "agenda": f"{next_year}-жылдын жергиликтүү бюджетинин долбоорун талкуулоо.",
                "agenda_ru": f"Обсуждение проекта местного бюджета на {next_year} год.",
                "responsible": staff,
                "materials_lines": [line for (y, _), line in lines.items() if y == next_year],
            },
        )
        hearing = hearing_announce(hearing=hearing, actor=staff)
        proposal_submit(
            hearing=hearing,
            actor=residents[0],
            text="Мектептин спорт залын оңдоого каражат кароо.",
            budget_line=lines[(next_year, "0911")],
        )
        proposal_submit(
            hearing=hearing,
            actor=residents[1],
            text="Ичүүчү суу түтүгүн Төмөнкү көчөгө тартуу.",
            budget_line=lines[(next_year, "0631")],
        )
    stdout.write("  budget: hearings ready")
