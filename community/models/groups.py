"""Initiative groups (демилгелүү топтор) formed per priority."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipality.models import TimeStampedModel

from .priorities import Priority


class InitiativeGroup(TimeStampedModel):
    """An initiative group (демилгелүү топ) of active residents formed for one priority."""

    priority = models.ForeignKey(
        Priority, on_delete=models.PROTECT, related_name="initiative_groups"
    )
    name = models.CharField(_("name"), max_length=300)
    formed_on = models.DateField(_("formed on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["formed_on", "pk"]
        verbose_name = _("initiative group")
        verbose_name_plural = _("initiative groups")

    def __str__(self):
        return self.name


class InitiativeGroupMember(models.Model):
    """A member: a person of the register (resident), or a deputy or staff member by name."""

    class Role(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        DEPUTY = "deputy", _("Kenesh deputy")
        STAFF = "staff", _("Ayil okmotu staff")

    group = models.ForeignKey(InitiativeGroup, on_delete=models.CASCADE, related_name="members")
    # SET_NULL: a person who withdraws consent is removed from the register
    # (municipality.services.people.person_delete); the seat or the answers stay unnamed.
    person = models.ForeignKey(
        "municipality.Person",
        verbose_name=_("person in the register"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.RESIDENT)
    is_leader = models.BooleanField(_("leader"), default=False)

    class Meta:
        ordering = ["-is_leader", "pk"]
        verbose_name = _("member of an initiative group")
        verbose_name_plural = _("members of initiative groups")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(person__isnull=False),
                name="community_member_once",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id else (self.name or "—")
