import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from monitoring.models import (
    ChecklistQuestion,
    GroupMember,
    MonitoringGroup,
    Protocol,
    Recommendation,
    Subject,
)
from tests.municipality.factories import KyrgyzFieldsFactory, UserFactory


def today():
    return timezone.localdate()


class MonitoringGroupFactory(KyrgyzFieldsFactory):
    class Meta:
        model = MonitoringGroup

    name = factory.Sequence(lambda n: f"Биргелешкен мониторинг жана баалоо тобу № {n}")
    name_ru = factory.Sequence(lambda n: f"Группа СМиО № {n}")
    resolution_number = factory.Sequence(lambda n: f"{n + 10}/3")
    resolution_date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=40))
    period_start = factory.LazyFunction(lambda: today() - datetime.timedelta(days=30))
    period_end = factory.LazyFunction(lambda: today() + datetime.timedelta(days=180))
    mandate = "Демилгелерди ишке ашырууга мониторинг жүргүзүү"


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    group = factory.SubFactory(MonitoringGroupFactory)
    user = factory.SubFactory(UserFactory, roles=["monitoring_member"])
    name = factory.LazyAttribute(lambda o: o.user.full_name if o.user else "Мүчө")
    category = GroupMember.Category.COMMUNITY
    sex = GroupMember.Sex.FEMALE
    is_chair = False


class SubjectFactory(KyrgyzFieldsFactory):
    class Meta:
        model = Subject

    group = factory.SubFactory(MonitoringGroupFactory)
    kind = Subject.Kind.INITIATIVE
    title = factory.Sequence(lambda n: f"Ичүүчү суу түтүгүн оңдоо № {n}")
    title_ru = factory.Sequence(lambda n: f"Ремонт водопровода № {n}")


class ChecklistQuestionFactory(KyrgyzFieldsFactory):
    class Meta:
        model = ChecklistQuestion

    group = factory.SubFactory(MonitoringGroupFactory)
    subject_kind = Subject.Kind.INITIATIVE
    text = factory.Sequence(lambda n: f"Мөөнөттөр сакталып жатабы? {n}")
    order = factory.Sequence(lambda n: n)


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol

    subject = factory.SubFactory(SubjectFactory)
    group = factory.LazyAttribute(lambda o: o.subject.group)
    visit_date = factory.LazyFunction(today)
    address = "Борбордук көч., 5"
    findings = "Иштер техникалык тапшырмага ылайык аткарылууда."
    status = Protocol.Status.DRAFT


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    protocol = factory.SubFactory(ProtocolFactory, status=Protocol.Status.PUBLISHED)
    text = "Түтүктөрдү кыш келгенге чейин жылуулоо керек."
    addressee = "Айыл өкмөтү"
    due_date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=14))


def group_with_chair(**kwargs):
    """A group, its chair and one ordinary member, each with an account."""
    group = MonitoringGroupFactory(**kwargs)
    chair = GroupMemberFactory(group=group, is_chair=True, sex=GroupMember.Sex.MALE)
    member = GroupMemberFactory(group=group)
    return group, chair, member


def jpeg_bytes(size=(2400, 1800), color=(40, 120, 200), exif=True) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x0110] = "Model X"  # Model
        data[0x8825] = {1: "N", 2: (42.0, 52.0, 10.0), 3: "E", 4: (74.0, 36.0, 0.0)}
        options["exif"] = data.tobytes()
    image.save(out, "JPEG", quality=85, **options)
    return out.getvalue()


def png_bytes(size=(2000, 1000)) -> bytes:
    image = Image.new("RGBA", size, (200, 30, 30, 128))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)
