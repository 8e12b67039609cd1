import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from municipality.i18n import KYRGYZ, translated_names
from municipality.models import (
    Attendance,
    AttendanceVillage,
    LocalIssue,
    LocalIssueReference,
    Municipality,
    Notice,
    OfficialDocument,
    User,
    Village,
)


class KyrgyzFieldsFactory(factory.django.DjangoModelFactory):
    """Plain translated names (`title=`) are the Kyrgyz texts whatever language a test runs in.

    modeltranslation would write `title=` into the active language's column (and drop it when
    `title_ru=` is given too under Russian). An explicit `title_ky=` wins over `title=`.
    """

    class Meta:
        abstract = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        for name in translated_names(cls._meta.model):
            if name in kwargs:
                value = kwargs.pop(name)
                kwargs.setdefault(f"{name}_{KYRGYZ}", value)
        return kwargs


class MunicipalityFactory(KyrgyzFieldsFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name_ky",)

    name = "Көктөбө айыл өкмөтү"
    name_ru = "Айыл окмоту Коктобо"
    ayil_aimak = "Көктөбө айыл аймагы"
    district = "Чүй району"
    oblast = "Чүй облусу"
    address = "Көктөбө айылы, Борбордук көч., 1"
    head_name = "Асанова Гүлнара"
    head_title = "Айыл өкмөт башчысы"


class VillageFactory(KyrgyzFieldsFactory):
    class Meta:
        model = Village

    name = factory.Sequence(lambda n: f"Айыл {n}")
    name_ru = factory.Sequence(lambda n: f"Село {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Тургун Үмүт {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.kg")
    phone = ""
    email_confirmed_at = factory.LazyAttribute(lambda o: timezone.now() if o.email else None)
    phone_confirmed_at = factory.LazyAttribute(lambda o: timezone.now() if o.phone else None)
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in extracted])
        self.save()


class NoticeFactory(KyrgyzFieldsFactory):
    class Meta:
        model = Notice

    title = factory.Sequence(lambda n: f"Жарыя № {n}: көңүл буруңуз")
    title_ru = factory.Sequence(lambda n: f"Объявление № {n}: внимание")
    body = "Урматтуу тургундар, жыйын өтөт."
    body_ru = "Уважаемые жители, состоится сход."
    category = Notice.Category.GENERAL
    status = Notice.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))


class LocalIssueReferenceFactory(KyrgyzFieldsFactory):
    class Meta:
        model = LocalIssueReference

    # Numbers 1–22 are the legal list loaded by migration 0004.
    number = factory.Sequence(lambda n: n + 101)
    title = factory.Sequence(lambda n: f"Маселе {n}")
    title_ru = factory.Sequence(lambda n: f"Вопрос {n}")
    legal_basis = "ЖӨБ жөнүндө мыйзам, 27-берене"


class LocalIssueFactory(KyrgyzFieldsFactory):
    class Meta:
        model = LocalIssue

    reference = factory.SubFactory(LocalIssueReferenceFactory)
    title = factory.Sequence(lambda n: f"Ичүүчү суу {n}")
    title_ru = factory.Sequence(lambda n: f"Питьевая вода {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    """Kernel attendance; `village_counts={village: n}` adds the per-village rows."""

    class Meta:
        model = Attendance
        skip_postgeneration_save = True

    held_on = factory.LazyFunction(timezone.localdate)
    total = 40

    @factory.post_generation
    def village_counts(self, create, extracted, **kwargs):
        for village, count in (extracted or {}).items():
            AttendanceVillage.objects.create(attendance=self, village=village, count=count)


class IssuedOrderFactory(factory.django.DjangoModelFactory):
    """An issued order (буйрук) with a small PDF attached."""

    class Meta:
        model = OfficialDocument

    kind = OfficialDocument.Kind.ORDER
    year = 2026
    number = factory.Sequence(lambda n: n + 1)
    date = datetime.date(2026, 5, 1)
    title = "Буйрук"
    status = OfficialDocument.Status.ISSUED
    file = factory.django.FileField(filename="order.pdf", data=b"%PDF-1.4\n%%EOF\n")
