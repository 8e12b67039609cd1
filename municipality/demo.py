"""The fictional demo municipality: invented names, never real people."""

from django.contrib.auth.models import Group

from municipality.models import Municipality, User

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
        user.groups.set(Group.objects.filter(name__in=roles))
        users[username] = user
    return {"municipality": municipality, "users": users, "stdout": stdout}
