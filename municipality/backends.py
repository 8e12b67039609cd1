"""Log in with a username, an e-mail address or a phone number, and the password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

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
