"""What every community service shares."""

from django.core.exceptions import PermissionDenied

from .. import permissions as perms


def _check_manage(actor) -> None:
    """Refuse anyone but the office (staff and the head)."""
    if not perms.can_manage_community(actor):
        raise PermissionDenied
