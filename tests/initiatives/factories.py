import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from initiatives.models import (
    DEFAULT_CRITERIA,
    Application,
    CommissionMember,
    Contest,
    Criterion,
    EstimateLine,
)
from tests.municipality.factories import KyrgyzFieldsFactory, LocalIssueFactory, UserFactory


class ContestFactory(KyrgyzFieldsFactory):
    class Meta:
        model = Contest
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Демилгелер сынагы {n}")
    title_ru = factory.Sequence(lambda n: f"Конкурс инициатив {n}")
    budget = Decimal("78000")
    max_per_project = Decimal("39000")
    own_contribution_percent = Decimal("10")
    window_opens = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    window_closes = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=10)
    )
    terms_of_reference = "Долбоор айылдын жаштары үчүн болушу керек."
    status = Contest.Status.DRAFT

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if extracted is False or not create:
            return
        for order, (name, name_ru, weight, max_score) in enumerate(DEFAULT_CRITERIA, start=1):
            Criterion.objects.create(
                contest=self,
                name_ky=name,
                name_ru=name_ru,
                weight=Decimal(weight),
                max_score=max_score,
                order=order,
            )

    @factory.post_generation
    def directions(self, create, extracted, **kwargs):
        if not create:
            return
        self.directions.set(extracted if extracted is not None else [LocalIssueFactory()])


class CommissionMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionMember

    contest = factory.SubFactory(ContestFactory)
    user = factory.SubFactory(UserFactory, roles=["commission_member"])


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft that passes every submit check (39 000 requested of 45 000)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    contest = factory.SubFactory(ContestFactory, status=Contest.Status.ACCEPTING)
    applicant = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Спорт аянтчасы {n}")
    problem = "Жаштар үчүн спорт аянтчасы жок."
    beneficiaries_count = 120
    beneficiaries_who = "Айылдын жаштары"
    requested_sum = Decimal("39000")
    contribution_cash = Decimal("3000")
    contribution_ashar = Decimal("3000")
    contact_phone = "+996 555 000 111"

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        if extracted is False:
            return
        total = self.requested_sum + self.own_contribution + self.contribution_sponsors
        EstimateLine.objects.create(
            application=self,
            item="Материалдар",
            unit="комплект",
            quantity=Decimal("1"),
            unit_price=total,
            total=total,
        )

    @factory.post_generation
    def issues(self, create, extracted, **kwargs):
        self.local_issues.set(
            extracted if extracted is not None else self.contest.directions.all()
        )


def adopt_protocol(contest, *, actor):
    """The commission's sitting: the ranking is frozen, every current member signs, and the
    protocol is adopted, so the head's order may follow."""
    from initiatives import services

    services.protocol_prepare(actor=actor, contest=contest)
    for member in contest.members.filter(replaced_at__isnull=True).select_related("user"):
        services.protocol_sign(actor=member.user, contest=contest)
    return services.protocol_adopt(actor=actor, contest=contest)
