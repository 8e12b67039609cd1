"""Log in with a username, an e-mail address or a phone number, and the password."""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connections, router

from municipality.models import Role
from municipality.phones import phone_normalize


def user_by_identifier(identifier: str):
    """The one active-or-not user the identifier names, or None (also when ambiguous)."""
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier or len(identifier) > 254 or "\x00" in identifier:
        return None  # PostgreSQL refuses NUL; no account name is that long
    user = User.objects.filter(username=identifier).first()
    if user is not None:
        return user
    if "@" in identifier:
        matches = list(User.objects.filter(email__iexact=identifier)[:2])
    else:
        phone = phone_normalize(raw=identifier)
        matches = list(User.objects.filter(phone=phone)[:2]) if phone else []
        if not matches:
            matches = list(User.objects.filter(username__iexact=identifier)[:2])
    return matches[0] if len(matches) == 1 else None


@cache
def _user_sql(alias: str) -> str:
    """SELECT the user's columns and the name of each group it holds (NULL for none)."""
    quote = connections[alias].ops.quote_name
    user = get_user_model()._meta
    link = user.get_field("groups").remote_field.through._meta
    group = Group._meta
    columns = ", ".join(f"u.{quote(field.column)}" for field in user.concrete_fields)
    return (
        f"SELECT {columns}, g.{quote(group.get_field('name').column)} AS joined_role_name "
        f"FROM {quote(user.db_table)} u "
        f"LEFT OUTER JOIN {quote(link.db_table)} ug "
        f"ON ug.{quote(link.get_field('user').column)} = u.{quote(user.pk.column)} "
        f"LEFT OUTER JOIN {quote(group.db_table)} g "
        f"ON g.{quote(group.pk.column)} = ug.{quote(link.get_field('group').column)} "
        f"WHERE u.{quote(user.pk.column)} = %s"
    )


class IdentifierBackend(ModelBackend):
    """ModelBackend that also finds the user by e-mail or phone.

    Holders of the administrator role get every permission (as superusers do), so they
    can work in the Django admin.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = user_by_identifier(username)
        if user is None:
            # Run the hasher once anyway, so the answer takes as long (no user enumeration).
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The session's user with their role names, in one query (issue 19: every logged-in
        request needs both): the user's row once per group it holds (LEFT JOINs), so
        `User.has_role` asks nothing more during the request. The statement is written out
        once per database kind: building it through the ORM on every request cost more
        than running it."""
        User = get_user_model()
        alias = router.db_for_read(User)
        user_id = User._meta.pk.to_python(user_id)
        rows = list(User._default_manager.db_manager(alias).raw(_user_sql(alias), [user_id]))
        if not rows:
            return None
        user = rows[0]
        user._role_names = {row.joined_role_name for row in rows if row.joined_role_name}
        del user.joined_role_name
        return user if self.user_can_authenticate(user) else None

    def _is_administrator(self, user_obj) -> bool:
        return bool(
            user_obj.is_active
            and not user_obj.is_anonymous
            and user_obj.has_role(Role.ADMINISTRATOR)
        )

    def has_perm(self, user_obj, perm, obj=None):
        if self._is_administrator(user_obj):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if self._is_administrator(user_obj):
            return True
        return super().has_module_perms(user_obj, app_label)
