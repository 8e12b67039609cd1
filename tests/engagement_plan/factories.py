import datetime

import factory
from django.utils import timezone

from community.models import Gathering
from engagement_plan.models import (
    Activity,
    Comment,
    Plan,
    WorkingGroup,
    WorkingGroupMember,
)
from tests.municipality.factories import AttendanceFactory, KyrgyzFieldsFactory


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    title = "Пландын жумушчу тобу"
    head_name = "Асанова Гүлнара"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroupMember

    group = factory.SubFactory(WorkingGroupFactory)
    full_name = factory.Sequence(lambda n: f"Мүчө Айгүл {n}")
    category = WorkingGroupMember.Category.LSG
    sex = "f"


# A valid 9-member composition: 3 per category, 4 women and 5 men, one youth member.
VALID_COMPOSITION = [
    ("lsg", "f", False),
    ("lsg", "m", False),
    ("lsg", "m", False),
    ("kenesh", "f", False),
    ("kenesh", "m", False),
    ("kenesh", "m", False),
    ("community", "f", True),
    ("community", "f", False),
    ("community", "m", False),
]


def valid_group(**kwargs) -> WorkingGroup:
    group = WorkingGroupFactory(**kwargs)
    for index, (category, sex, youth) in enumerate(VALID_COMPOSITION):
        MemberFactory(
            group=group,
            category=category,
            sex=sex,
            is_youth=youth,
            # 4.4 asks for a minority and persons with disabilities too, each
            is_ethnic_minority=index == 0,
            is_disabled=index == 1,
            full_name=f"Жумабаев Нурлан {index}" if sex == "m" else f"Токтосунова Айпери {index}",
        )
    return group


class PlanFactory(KyrgyzFieldsFactory):
    class Meta:
        model = Plan

    title = "Жергиликтүү жамаатты тартуу планы"
    title_ru = "План вовлечения местного сообщества"
    period_start = 2025
    period_end = 2026


class ActivityFactory(KyrgyzFieldsFactory):
    class Meta:
        model = Activity

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Иш-чара {n}")
    title_ru = factory.Sequence(lambda n: f"Мероприятие {n}")
    direction = Activity.Direction.INFORMING
    form = Activity.Form.GATHERING
    responsible = "Бакиев Эрлан"
    deadline = datetime.date(2025, 6, 1)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    plan = factory.SubFactory(PlanFactory)
    text = "Жыйынды кечкисин өткөрүү керек."
    author_name = "Сатыбалдиева Нуриза"
    source = Comment.Source.PAPER


class GatheringFactory(factory.django.DjangoModelFactory):
    """A held public discussion of a plan: a community gathering linked to the plan."""

    class Meta:
        model = Gathering

    plan = factory.SubFactory(PlanFactory)
    kind = Gathering.Kind.PLAN_DISCUSSION
    status = Gathering.Status.HELD
    title = "Планды коомдук талкуулоо"
    agenda = "Пландын долбоорун талкуулоо"
    held_on = factory.LazyFunction(timezone.localdate)
    starts_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.datetime.combine(o.held_on, datetime.time(10)))
    )
    place = "Маданият үйү"
    decisions = "Планды колдоо."
    attendance = factory.SubFactory(
        AttendanceFactory, total=40, women=22, men=18, source="engagement_plan.gathering"
    )

    @classmethod
    def _create(cls, model_class, *args, plan=None, **kwargs):
        gathering = super()._create(model_class, *args, **kwargs)
        if plan is not None:
            plan.gatherings.add(gathering)
        return gathering
