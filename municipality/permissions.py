"""Who may do what: pure functions of (user, object), plus the view mixins that use them."""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role


def has_role(user, *roles: str) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*roles))


def is_office(user) -> bool:
    """Staff or head: they run the office pages."""
    return has_role(user, Role.STAFF, Role.HEAD)


def is_head(user) -> bool:
    return has_role(user, Role.HEAD)


def is_administrator(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


class RoleRequiredMixin(AccessMixin):
    """Let through users holding any of `roles`; visitors go to the login page."""

    roles: tuple[str, ...] = (Role.STAFF, Role.HEAD)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, *self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def role_required(*roles: str):
    """The function-view form of RoleRequiredMixin."""
    roles = roles or (Role.STAFF, Role.HEAD)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Official documents (municipality/services/documents.py, municipality/views/documents.py).
def can_manage_documents(user) -> bool:
    """Office people and the kenesh secretary see unpublished/failed documents and errors."""
    return has_role(user, Role.STAFF, Role.HEAD, Role.KENESH_SECRETARY, Role.ADMINISTRATOR)


def can_view_document(user, document) -> bool:
    return document.is_public or can_manage_documents(user)


def can_retry_document(user, document) -> bool:
    return can_manage_documents(user)


def can_view_document_file(user, document) -> bool:
    """Only an issued PDF is served: nothing half-written."""
    return document.status == document.Status.ISSUED and can_view_document(user, document)


# Files (municipality/files.py): a file is as private as the object it belongs to.
def can_view_notice_attachment(user, attachment) -> bool:
    """Drafts, scheduled, withdrawn and expired notices' files: the office only."""
    return attachment.notice.board_state == "visible" or is_office(user)


def can_view_municipality_file(user, municipality) -> bool:
    """The logo is on every public page."""
    return True


# The register of people (municipality/services/people.py): personal data, office only.
def can_manage_people(user) -> bool:
    return is_office(user)
