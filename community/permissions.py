"""Who may do what in the community app: the office records, everyone reads the public."""

from municipality.permissions import is_office


def can_manage_community(user) -> bool:
    """Staff and the head announce gatherings, record assessments and keep the register."""
    return is_office(user)


def can_view_gathering(user, gathering) -> bool:
    return True


def can_close_priority(user, priority) -> bool:
    return is_office(user)


def can_publish_report(user, report) -> bool:
    return is_office(user) and report.status == report.Status.DRAFT
