"""What the initiatives selectors share: status shortcuts and groups."""

from ..models import (
    Application,
    Contest,
)

A = Application.Status
S = Contest.Status
PUBLIC_APPLICATION_STATUSES = Application.PUBLIC_STATUSES


FROZEN_STATUSES = (S.PROTOCOL, S.ADOPTED, S.RESULTS, S.IMPLEMENTATION, S.CLOSED)
