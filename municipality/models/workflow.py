from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkflowModel(models.Model):
    """A model whose `status` moves only along its declared `TRANSITIONS` table.

    The table maps a status to the set of statuses it may become; a status missing
    from the keys is final. Moves go through `municipality.services.workflow_move`,
    which locks the row, checks the table and the actor's permission, saves and
    writes the audit row (django-oscar's `set_status` pipeline, one copy for all apps).
    """

    TRANSITIONS: dict = {}
    #: The forbidden-move message; `%(status)s` is the current status, `%(to)s` the target.
    TRANSITION_ERROR = _("The status %(status)s cannot change to %(to)s.")

    class Meta:
        abstract = True

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    def status_label(self, status: str) -> str:
        return str(dict(self._meta.get_field("status").flatchoices).get(status, status))

    def transition_error(self, to: str) -> ValidationError:
        """The error of a move the table forbids; a model may override the wording."""
        return ValidationError(
            self.TRANSITION_ERROR,
            code="invalid_transition",
            params={"status": self.status_label(self.status), "to": self.status_label(to)},
        )
