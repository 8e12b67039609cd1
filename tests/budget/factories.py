import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from budget.models import BudgetCategory, BudgetLine, Hearing, Proposal
from tests.municipality.factories import KyrgyzFieldsFactory, UserFactory, VillageFactory


class BudgetCategoryFactory(KyrgyzFieldsFactory):
    class Meta:
        model = BudgetCategory
        django_get_or_create = ("kind", "code")

    code = factory.Sequence(lambda n: f"{1000 + n}")
    name = factory.Sequence(lambda n: f"Чыгашанын түрү {n}")
    name_ru = factory.Sequence(lambda n: f"Статья расходов {n}")
    kind = BudgetCategory.Kind.EXPENDITURE


class BudgetLineFactory(KyrgyzFieldsFactory):
    class Meta:
        model = BudgetLine

    year = 2026
    category = factory.SubFactory(BudgetCategoryFactory)
    planned = Decimal("100000.00")
    actual = None


class HearingFactory(KyrgyzFieldsFactory):
    class Meta:
        model = Hearing

    kind = Hearing.Kind.DRAFT_BUDGET
    fiscal_year = 2026
    starts_at = factory.LazyFunction(
        lambda: (
            timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=20)
        )
    )
    village = factory.SubFactory(VillageFactory)
    address = "Маданият үйү, Борбордук көч., 5"
    address_ru = "Дом культуры, ул. Центральная, 5"
    agenda = "2026-жылдын бюджетинин долбоору боюнча угуу. Сунуштарды талкуулоо."
    agenda_ru = "Слушания по проекту бюджета на 2026 год. Обсуждение предложений."
    status = Hearing.Status.DRAFT


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    hearing = factory.SubFactory(HearingFactory, status=Hearing.Status.ANNOUNCED)
    author = factory.SubFactory(UserFactory)
    source = Proposal.Source.ONLINE
    text = "Мектептин чатырын оңдоого каражат кошуу керек."
