"""Who may do what in the kenesh app: pure functions of the user and the object."""

from municipality.models import Role
from municipality.permissions import has_role, is_office


def can_manage_kenesh(user) -> bool:
    """The kenesh secretary keeps deputies, sessions, decisions and the register."""
    return has_role(user, Role.KENESH_SECRETARY, Role.ADMINISTRATOR)


def can_manage_kenesh_obj(user, obj) -> bool:
    return can_manage_kenesh(user)


def can_enter_sheet(user) -> bool:
    """Signed paper sheets are entered by the office or the kenesh secretary (not deputies,
    not residents): the secretary adds to the register of people only what a sheet carries."""
    return is_office(user) or can_manage_kenesh(user)


def can_file_initiative(user) -> bool:
    return bool(user and user.is_authenticated)


def can_answer_petition(user) -> bool:
    return is_office(user)


def can_view_session(user, session) -> bool:
    return session.is_public or can_manage_kenesh(user)


def can_view_initiative(user, initiative) -> bool:
    return (
        initiative.is_public
        or can_manage_kenesh(user)
        or is_office(user)
        or (user.is_authenticated and initiative.filed_by_id == user.pk)
    )


def can_view_item_file(user, item) -> bool:
    return can_view_session(user, item.session)


def can_view_initiative_file(user, initiative) -> bool:
    return can_view_initiative(user, initiative)


def can_view_resolution_file(user, resolution) -> bool:
    """A resolution's stored PDFs are public once it is published."""
    return resolution.status == resolution.Status.PUBLISHED or can_manage_kenesh(user)


def can_view_sheet(user, sheet) -> bool:
    """A signed sheet carries personal data: the office and the secretary only."""
    return is_office(user) or can_manage_kenesh(user)
