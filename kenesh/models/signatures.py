"""Signatures (кол тамга) online and on paper sheets, for initiatives and petitions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipality.files import ProtectedFileField
from municipality.models import TimeStampedModel

from .initiatives import Initiative
from .petitions import Petition


class PaperSheet(TimeStampedModel):
    """A signed paper signature sheet of an initiative, entered by staff with its scan."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="sheets")
    scan = ProtectedFileField(_("scan of the signed sheet"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("signature sheet")
        verbose_name_plural = _("signature sheets")

    def __str__(self):
        return f"{self.initiative} #{self.pk}"


class Signature(models.Model):
    """One person's signature (кол тамга) for an initiative or support for a petition.

    Online: `user` (a confirmed phone and a village of the municipality). On paper: `person`
    from the register of people, with its sheet. One row per person and subject: the
    constraints hold under concurrent requests; a withdrawn signature keeps its row.
    """

    class Kind(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="signatures"
    )
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, null=True, blank=True, related_name="signatures"
    )
    kind = models.CharField(_("how"), max_length=10, choices=Kind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kenesh_signatures",
    )
    person = models.ForeignKey(
        "municipality.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kenesh_signatures",
    )
    sheet = models.ForeignKey(
        PaperSheet, on_delete=models.PROTECT, null=True, blank=True, related_name="signatures"
    )
    signed_on = models.DateField(_("signed on"))
    show_name = models.BooleanField(_("show my name publicly"), default=False)
    wants_news = models.BooleanField(_("tell me the decision"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(initiative__isnull=False, petition__isnull=True)
                    | models.Q(initiative__isnull=True, petition__isnull=False)
                ),
                name="kenesh_signature_one_subject",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, person__isnull=True)
                    | models.Q(user__isnull=True, person__isnull=False)
                ),
                name="kenesh_signature_one_signer",
            ),
            models.UniqueConstraint(
                fields=["initiative", "user"],
                condition=models.Q(user__isnull=False, initiative__isnull=False),
                name="kenesh_signature_initiative_user",
            ),
            models.UniqueConstraint(
                fields=["initiative", "person"],
                condition=models.Q(person__isnull=False, initiative__isnull=False),
                name="kenesh_signature_initiative_person",
            ),
            models.UniqueConstraint(
                fields=["petition", "user"],
                condition=models.Q(user__isnull=False, petition__isnull=False),
                name="kenesh_signature_petition_user",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.signed_on}"
