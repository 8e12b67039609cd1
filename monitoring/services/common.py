"""What the monitoring services share: the permission guard, file names, the chair's title."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import override


def _require(allowed: bool) -> None:
    """Refuse (PermissionDenied) unless the permission function allowed the action."""
    if not allowed:
        raise PermissionDenied


def _upload_extension(upload) -> str:
    """The file extension of an upload by its checked content type."""
    mime = getattr(upload, "detected_type", "")
    return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(mime, "bin")


def chair_title() -> str:
    """The group chair's title as the protocol and the report print it (Kyrgyz)."""
    with override("ky"):
        return _("Chair of the joint monitoring and evaluation group")
