from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Role names; each is an auth Group created by a data migration."""

    STAFF = "staff", _("Ayil okmotu staff")
    HEAD = "head", _("Head of the ayil okmotu")
    KENESH_SECRETARY = "kenesh_secretary", _("Kenesh secretary")
    COMMISSION_MEMBER = "commission_member", _("Contest commission member")
    MONITORING_MEMBER = "monitoring_member", _("Monitoring group member")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    """A person with an account: a resident, or someone holding one or more roles."""

    class Sex(models.TextChoices):
        FEMALE = "f", _("Female")
        MALE = "m", _("Male")

    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Set when the person typed a code sent to `phone`; nothing is sent to an unconfirmed
    # phone (except the code itself), and it cannot be subscribed to SMS without a code.
    phone_confirmed_at = models.DateTimeField(_("phone confirmed"), null=True, blank=True)
    # Set when a code sent to `email` was typed (at sign-up); a changed address is
    # unconfirmed, and subscribing it to notices needs the e-mailed link.
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    village = models.ForeignKey(
        "municipality.Village",
        verbose_name=_("village"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
    )
    language = models.CharField(_("language"), max_length=5, default="ky")

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="user_phone_unique"
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def has_role(self, *roles: str) -> bool:
        """True when the user holds any of the roles (cached per instance)."""
        if not self.is_authenticated or not self.is_active:
            return False
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return bool(self._role_names.intersection(roles)) or (
            self.is_superuser and Role.ADMINISTRATOR in roles
        )

    @property
    def is_office(self) -> bool:
        """Staff or head: the people who run the portal's office pages."""
        return self.has_role(Role.STAFF, Role.HEAD)


class ConfirmationCode(models.Model):
    """A six-digit code sent to a person's e-mail or phone (only its hash is kept).

    SIGNUP: the code that activates a new account (sent to the e-mail, else the phone).
    PHONE: the code that confirms the phone number of an account.
    """

    class Purpose(models.TextChoices):
        SIGNUP = "signup", _("Sign-up")
        PHONE = "phone", _("Phone number")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="confirmation_codes", verbose_name=_("user")
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose)
    channel = models.CharField(_("channel"), max_length=10)
    address = models.CharField(_("e-mail or phone"), max_length=254)
    code_hash = models.CharField(max_length=128)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmation code")
        verbose_name_plural = _("confirmation codes")

    def __str__(self):
        return f"{self.purpose}: {self.user_id}"
