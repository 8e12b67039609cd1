"""The fictional demo municipality: invented names, never real people."""

from django.contrib.auth.models import Group

from municipality.models import Municipality, User, Village

from .local_issues import _seed_local_issues
from .notices import _seed_notices

ACCOUNTS = {
    "staff": ("Токтосунова Айзада", ["staff"]),
    "head": ("Жумабеков Нурлан", ["head", "staff"]),
    "kenesh": ("Осмонова Чолпон", ["kenesh_secretary"]),
    "commission1": ("Бекова Бүбүсара", ["commission_member"]),
    "commission2": ("Алиев Өмүрбек", ["commission_member"]),
    "commission3": ("Сыдыкова Үмүт", ["commission_member"]),
    "monitor1": ("Асанов Төлөгөн", ["monitoring_member"]),
    "monitor2": ("Касымова Гүлзат", ["monitoring_member"]),
    "resident1": ("Мамытов Эрлан", []),
    "resident2": ("Керимова Нурия", []),
    "admin": ("Администратор", ["administrator"]),
}


def seed(*, password, stdout):
    """Create the profile and one account per role; returns what the apps' seeds need."""
    municipality, _ = Municipality.objects.get_or_create(
        defaults={
            "name": "Ак-Булуң айыл өкмөтү",
            "name_ru": "Айыл окмоту Ак-Булун",
            "ayil_aimak": "Ак-Булуң айыл аймагы",
            "district": "Жайыл району",
            "oblast": "Чүй облусу",
            "head_name": "Жумабеков Нурлан",
            "head_title": "Айыл өкмөт башчысы",
        }
    )
    users = {}
    for username, (full_name, roles) in ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "email": f"{username}@example.kg"},
        )
        user.set_password(password)
        user.is_staff = user.is_superuser = username == "admin"
        user.save()
        user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
        users[username] = user
    _seed_profile(municipality)
    _seed_villages()
    _seed_local_issues(users)
    _seed_notices(users)
    return {"municipality": municipality, "users": users, "stdout": stdout}


# The portal's public content: villages here; the list of local issues and notices in
# their own modules.


VILLAGES = [
    ("Ак-Булуң", "Ак-Булун", 4210),
    ("Жаңы-Жер", "Жаны-Жер", 2380),
    ("Көк-Сай", "Кок-Сай", 1650),
    ("Таш-Көпүрө", "Таш-Копуро", 1120),
    ("Бел-Терек", "Бел-Терек", 870),
]


def _seed_profile(municipality):
    defaults = {
        "address": "Ак-Булуң айылы, Манас көчөсү, 12",
        "address_ru": "село Ак-Булун, ул. Манаса, 12",
        "phone": "+996 (3134) 5-12-34",
        "email": "info@ak-bulung.example.kg",
        "name_ru": "Айыл окмоту Ак-Булун",
        "ayil_aimak_ru": "Ак-Булунский айылный аймак",
        "district_ru": "Жайыльский район",
        "oblast_ru": "Чуйская область",
        "head_title_ru": "Глава айыл окмоту",
        "head_name_ru": "Жумабеков Нурлан",
    }
    changed = False
    for field, value in defaults.items():
        if not getattr(municipality, field):
            setattr(municipality, field, value)
            changed = True
    if changed:
        municipality.save()


def _seed_villages():
    for order, (ky, ru, population) in enumerate(VILLAGES, start=1):
        Village.objects.get_or_create(
            name_ky=ky,
            defaults={"name": ky, "name_ru": ru, "population": population, "order": order},
        )
