import datetime

from django.utils import timezone

from kenesh import services
from kenesh.models import Deputy, Initiative
from tests.municipality.factories import UserFactory, VillageFactory


def deputies(n: int, *, since=datetime.date(2024, 1, 1)) -> list[Deputy]:
    return [Deputy.objects.create(full_name=f"Депутат {i}", term_start=since) for i in range(n)]


def signer(village=None, **kwargs):
    """A resident who may sign online: a confirmed phone and a village."""
    return UserFactory(village=village or VillageFactory(), **kwargs)


_phone = iter(range(1000000, 9999999))


def phone() -> str:
    return f"+996555{next(_phone) % 1000000:06d}"


def collecting_initiative(actor, *, filer=None, ends=None) -> Initiative:
    initiative = services.initiative_file(
        actor=filer or UserFactory(),
        title="Көчө жарыктары жөнүндө",
        summary="Түнкү жарык",
        draft_text="1. Ар бир көчөгө чырак.",
        initiators="Асан Үсөнов\nАйгүл Бекова",
    )
    return services.initiative_register(
        actor=actor,
        initiative=initiative,
        signing_ends=ends or timezone.localdate() + datetime.timedelta(days=30),
    )
