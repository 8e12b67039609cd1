"""Demo data for the engagement plan: invented people and villages, run through the services.

Idempotent: nothing is added when the demo working group already exists.
"""

import datetime

from django.utils import timezone

from municipality.models import LocalIssue, Village

from . import services
from .models import Activity, Comment, Plan, WorkingGroup

GROUP_TITLE = "Жергиликтүү жамаатты тартуу планын иштеп чыгуу боюнча жумушчу топ"

MEMBERS = [
    # name, position, category, sex, flags
    ("Жумабеков Нурлан", "Айыл өкмөт башчысы", "lsg", "m", {}),
    ("Токтосунова Айзада", "Айыл өкмөтүнүн адиси", "lsg", "f", {}),
    ("Бакиров Эрмек", "Финансы бөлүмүнүн башчысы", "lsg", "m", {}),
    ("Осмонова Чолпон", "Айылдык кеңештин депутаты", "kenesh", "f", {}),
    ("Абдыкадыров Марат", "Айылдык кеңештин депутаты", "kenesh", "m", {}),
    ("Исакова Гүлмира", "Айылдык кеңештин депутаты", "kenesh", "f", {}),
    ("Ким Сергей", "Жамааттын өкүлү", "community", "m", {"is_ethnic_minority": True}),
    ("Садыкова Айпери", "Жаштар кеңешинин мүчөсү", "community", "f", {"is_youth": True}),
    ("Турдубаев Азамат", "Майыптар коомунун өкүлү", "community", "m", {"is_disabled": True}),
]

ACTIVITIES = [
    # direction, form, title ky, title ru, channel, periodicity, deadline, done
    (
        "informing",
        "other",
        "Жергиликтүү маанидеги маселелердин тизмесин маалымат тактасына илүү",
        "Размещение перечня вопросов местного значения на информационной доске",
        "Маалымат тактасы, сайт",
        "Жарым жылда бир жолу",
        datetime.date(2025, 3, 1),
        True,
    ),
    (
        "informing",
        "online",
        "Айыл өкмөтүнүн социалдык тармактагы баракчасын жүргүзүү",
        "Ведение страницы айыл окмоту в социальных сетях",
        "Facebook, WhatsApp топтору",
        "Жумасына бир жолу",
        datetime.date(2025, 12, 31),
        True,
    ),
    (
        "informing",
        "gathering",
        "Бюджет боюнча жарандык бюджетти жарыялоо",
        "Публикация гражданского бюджета",
        "Маалымат тактасы",
        "Жылына бир жолу",
        datetime.date(2026, 2, 1),
        False,
    ),
    (
        "engaging",
        "budget_hearing",
        "Коомдук бюджеттик угууларды өткөрүү",
        "Проведение общественных бюджетных слушаний",
        "Маданият үйү",
        "Жылына эки жолу",
        datetime.date(2025, 10, 15),
        True,
    ),
    (
        "engaging",
        "local_initiative",
        "Жергиликтүү демилгелер сынагын өткөрүү",
        "Проведение конкурса местных инициатив",
        "Жарыя, сайт",
        "Жылына бир жолу",
        datetime.date(2025, 6, 30),
        True,
    ),
    (
        "engaging",
        "kurultai",
        "Айылдык курултай",
        "Сельский курултай",
        "Айылдык жыйын",
        "Жылына бир жолу",
        datetime.date(2026, 9, 1),
        False,
    ),
    (
        "engaging",
        "tpsg",
        "Көчө комитеттерин түзүүгө көмөк көрсөтүү",
        "Содействие созданию уличных комитетов",
        "Жолугушуулар",
        "Керек болгондо",
        datetime.date(2026, 5, 1),
        False,
    ),
    (
        "collecting",
        "online",
        "Тургундардын сунуштарын онлайн чогултуу",
        "Сбор предложений жителей онлайн",
        "Портал",
        "Туруктуу",
        datetime.date(2026, 12, 31),
        False,
    ),
    (
        "collecting",
        "gathering",
        "Ар бир айылда муктаждыктарды иликтөө жыйындары",
        "Собрания по оценке потребностей в каждом селе",
        "Айылдык жыйындар",
        "Жылына бир жолу",
        datetime.date(2025, 4, 30),
        True,
    ),
    (
        "collecting",
        "other",
        "Сунуштар кутусун орнотуу",
        "Установка ящика для предложений",
        "Айыл өкмөтүнүн имараты",
        "Айына бир жолу ачылат",
        datetime.date(2025, 2, 1),
        True,
    ),
]


def _attendance(villages, total, women, seed):
    ages = [total // 10, total * 3 // 10, total * 4 // 10]
    ages.append(total - sum(ages))
    by_village = {}
    if villages:
        share = total // (len(villages) + 1)
        for index, village in enumerate(villages):
            by_village[str(village.pk)] = max(share - index * seed, 0)
    return {
        "attendance_total": total,
        "attendance_women": women,
        "attendance_men": total - women,
        "attendance_under_18": ages[0],
        "attendance_18_29": ages[1],
        "attendance_30_59": ages[2],
        "attendance_60_plus": ages[3],
        "by_village": by_village,
    }


def seed(*, municipality, users, stdout):
    if WorkingGroup.objects.filter(title=GROUP_TITLE).exists():
        return
    staff, head = users["staff"], users["head"]
    villages = list(Village.objects.all())
    issues = list(LocalIssue.objects.filter(is_active=True)[:3])

    group = services.working_group_create(
        actor=staff, title=GROUP_TITLE, head_name=municipality.head_name or "Жумабеков Нурлан"
    )
    for name, position, category, sex, flags in MEMBERS:
        services.working_group_member_add(
            group=group,
            actor=staff,
            full_name=name,
            position=position,
            category=category,
            sex=sex,
            **flags,
        )
    services.working_group_approve(group=group, actor=head)

    plan = services.plan_create(
        actor=staff,
        title="Жергиликтүү жамаатты тартуу планы",
        title_ru="План вовлечения местного сообщества",
        summary="Тургундарды айыл өкмөтүнүн иши жөнүндө маалымдоо жана чечимдерге тартуу.",
        summary_ru="Информирование жителей о работе айыл окмоту и вовлечение в решения.",
        period_start=2025,
        period_end=2026,
        working_group=group,
        local_issues=issues,
        sedp_reference="Айыл аймагын социалдык-экономикалык өнүктүрүү программасы 2024–2028",
        needs_priorities="Ичүүчү суу, жолдор, мектепке чейинки билим берүү",
    )
    activities = []
    for direction, form, title, title_ru, channel, periodicity, deadline, done in ACTIVITIES:
        activity = services.activity_add(
            plan=plan,
            actor=staff,
            title=title,
            title_ru=title_ru,
            direction=direction,
            form=form,
            channel=channel,
            periodicity=periodicity,
            responsible="Токтосунова Айзада" if direction == "informing" else "Бакиров Эрмек",
            resources="Айыл өкмөтүнүн бюджети",
            deadline=deadline,
            local_issues=issues[:1],
        )
        activities.append((activity, done))
    plan = services.plan_open_discussion(
        plan=plan,
        actor=staff,
        gathering_at=timezone.now() + datetime.timedelta(hours=2),
        place="Ак-Булуң айылы, маданият үйү",
    )
    # the demo's history: the announced gathering has come (it cannot be recorded before)
    Plan.objects.filter(pk=plan.pk).update(gathering_at=timezone.now())
    plan.refresh_from_db()
    comment = services.comment_add(
        plan=plan, actor=users["resident1"], text="Жыйындарды кечки убакта өткөрүүнү суранабыз."
    )
    services.comment_answer(
        comment=comment,
        actor=staff,
        answer=Comment.Answer.ACCEPTED,
        answer_text="Жыйындар саат 18:00дө өтөт.",
    )
    services.gathering_record(
        plan=plan,
        actor=staff,
        held_on=timezone.localdate(),
        place="Ак-Булуң айылы, маданият үйү",
        minutes="Пландын долбоору окулду; тургундар жыйындардын убактысы боюнча сунуш беришти.",
        decisions="Пландын долбоору колдоого алынды, бир сунуш кошулду.",
        chair_name="Мамытов Бакыт",
        secretary_name="Бекова Асель",
        **_attendance(villages, 64, 30, 2),
    )
    services.plan_approve(plan=plan, actor=head)
    services.plan_put_in_force(plan=plan, actor=head)
    for index, (activity, done) in enumerate(activities):
        if done:
            services.activity_record_evidence(
                activity=activity,
                actor=staff,
                held_on=activity.deadline,
                place="Ак-Булуң айылы",
                result="Иш-чара өттү, сунуштар чогултулду.",
                **_attendance(villages, 20 + index * 7, 8 + index * 3, 1),
            )
    services.activity_start(activity=activities[6][0], actor=staff)

    draft = services.plan_create(
        actor=staff,
        title="Жергиликтүү жамаатты тартуу планы",
        title_ru="План вовлечения местного сообщества",
        summary="Кийинки мезгилге пландын долбоору.",
        summary_ru="Проект плана на следующий период.",
        period_start=2027,
        period_end=2028,
        working_group=group,
        local_issues=issues,
    )
    services.activity_add(
        plan=draft,
        actor=staff,
        title="Жаштар менен жолугушуулар",
        title_ru="Встречи с молодёжью",
        direction=Activity.Direction.ENGAGING,
        form=Activity.Form.GATHERING,
        responsible="Садыкова Айпери",
        deadline=datetime.date(2027, 5, 1),
    )
    draft = services.plan_open_discussion(
        plan=draft,
        actor=staff,
        gathering_at=timezone.now() + datetime.timedelta(days=10),
        place="Ак-Булуң айылы, мектеп",
    )
    # Playable today: the announced gathering has taken place, the office can record it.
    Plan.objects.filter(pk=draft.pk).update(
        gathering_at=timezone.now() - datetime.timedelta(hours=1)
    )
    services.comment_add(
        plan=draft, actor=users["resident2"], text="Алыскы айылдарда да жыйын өткөрүңүздөр."
    )
    services.comment_add(
        plan=draft,
        actor=staff,
        source=Comment.Source.PAPER,
        author_name="Мамбетова Зуура",
        text="Аялдар кеңешин тартуу керек.",
    )
    stdout.write("engagement_plan: working group, plan in force 2025–2026, draft 2027–2028")
