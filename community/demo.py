"""Demo data: a year of the cycle — needs assessment meetings in three villages, the
priority register with links to the plan and the budget, an initiative group, a held
gathering with its minutes and last year's report to the population. Invented names;
idempotent."""

import datetime

from django.utils import timezone

from budget.models import BudgetLine
from engagement_plan.models import Activity, Plan
from municipality.models import LocalIssue, Person, Village
from municipality.services.people import person_create

from . import services
from .models import Assessment, Gathering

PROBLEMS = [
    ("Ичүүчү суу жетишсиз", "Эски түтүктөр, насос бузук", "Ооруулар көбөйөт", 34),
    ("Көчөлөр караңгы", "Жарык мамылары жок", "Кечинде коопсуз эмес", 21),
    ("Бала бакчада орун жок", "Имарат кичине", "Аялдар иштей албайт", 21),
]


def seed(*, municipality, users, stdout, **kwargs):
    if Assessment.objects.exists():
        return
    staff, head = users["staff"], users["head"]
    villages = list(Village.objects.all()[:3])
    if not villages:
        return
    today = timezone.localdate()
    year = today.year
    meetings = []
    for n, village in enumerate(villages):
        meetings.append(
            services.assessment_record(
                actor=staff,
                village=village,
                held_on=datetime.date(year, 2, 10 + n),
                method=Assessment.Method.VOTE,
                place="Айылдык клуб",
                situation="Айылдын картасы чийилип, ар бир үй-бүлөнүн муктаждыктары талкууланды.",
                deputies_present="Осмонов Талант",
                staff_present="Бекова Асель\nСыдыков Нурлан",
                problems=[
                    {"title": t, "causes": c, "consequences": q, "votes": v - 3 * n}
                    for t, c, q, v in PROBLEMS
                ],
                attendance={
                    "attendance_total": 40 + 5 * n,
                    "attendance_women": 22 + n,
                    "attendance_men": 18 + 4 * n,
                },
            )
        )
    issues = list(LocalIssue.objects.filter(is_active=True)[:3])
    priorities = []
    for rank, (title, title_ru) in enumerate(
        [
            ("Ичүүчү суу", "Питьевая вода"),
            ("Көчөлөрдү жарыктандыруу", "Освещение улиц"),
            ("Бала бакча", "Детский сад"),
        ],
        start=1,
    ):
        problems = [m.problems.get(title=PROBLEMS[rank - 1][0]) for m in meetings]
        priorities.append(
            services.priority_create(
                actor=staff,
                title=title,
                title_ru=title_ru,
                rank=rank,
                local_issue=issues[rank - 1] if len(issues) >= rank else None,
                problems=problems,
            )
        )
    water = priorities[0]
    # In the village the register comes first (steps 1-2, then the plan); the demo seeds the
    # plan app before this one, so its plan takes the first two priorities afterwards.
    plan = Plan.objects.order_by("pk").first()
    if plan:
        plan.assessment_priorities.add(*priorities[:2])

    activity = Activity.objects.order_by("pk").first()
    if activity:
        services.priority_link(priority=water, actor=staff, plan_activity=activity)
    line = BudgetLine.objects.order_by("-year", "pk").first()
    if line:
        services.priority_link(priority=water, actor=staff, budget_line=line)
    people = []
    for name, sex in (("Абдыкадырова Гүлнара", "f"), ("Жумабеков Эрлан", "m")):
        people.append(
            Person.objects.filter(full_name=name).first()
            or person_create(
                actor=staff,
                full_name=name,
                village=villages[0],
                sex=sex,
                birth_year=1980,
                address="",
                phone="",
                consent=Person.Consent.ORAL,
            )
        )
    services.initiative_group_create(
        priority=water,
        actor=staff,
        name="Таза суу",
        formed_on=datetime.date(year, 3, 1),
        members=[
            {"person": people[0], "is_leader": True},
            {"person": people[1]},
            {"name": "Осмонов Талант", "role": "deputy"},
        ],
    )
    gathering = services.gathering_announce(
        actor=staff,
        kind=Gathering.Kind.KURULTAI,
        title="Айыл аймагынын курултайы",
        title_ru="Курултай айылного аймака",
        agenda="1. Айыл өкмөтүнүн калк астындагы отчету.\n2. Артыкчылыктуу маселелер.",
        agenda_ru="1. Отчёт айыл окмоту перед населением.\n2. Приоритетные проблемы.",
        starts_at=timezone.now() - datetime.timedelta(days=20),
        place="Маданият үйү",
        place_ru="Дом культуры",
        village=villages[0],
    )
    services.gathering_hold(
        gathering=gathering,
        actor=staff,
        held_on=today - datetime.timedelta(days=20),
        minutes="Айыл өкмөтүнүн башчысы өткөн жылдын отчетун окуду. Суроолорго жооп берилди.",
        decisions="Отчет канааттандырарлык деп табылсын. Суу маселеси биринчи орунда калсын.",
        chair_name="Мамытов Бакыт",
        secretary_name="Бекова Асель",
        attendance={"attendance_total": 120, "attendance_women": 64, "attendance_men": 56},
        villages={villages[0]: 70},
    )
    report = services.report_save(
        actor=head,
        year=year - 1,
        introduction="Урматтуу айылдаштар! Өткөн жылы эмне жасалганын силерге отчет беребиз.",
        introduction_ru="Уважаемые односельчане! Отчитываемся перед вами о сделанном за год.",
        conclusions="Суу маселеси дагы эле чечиле элек; ага көңүл бурабыз.",
        conclusions_ru="Вопрос воды ещё не решён; уделим ему внимание.",
        gathering=gathering,
    )
    services.report_publish(report=report, actor=head)
    services.report_save(actor=head, year=year, introduction="Долбоор.")
    stdout.write("Community: 3 assessment meetings, 3 priorities, a kurultai and a report.")
