"""What the initiatives services share: status shortcuts, notifications, moves."""

from municipality.dates import official_datetime_lazy
from municipality.services import (
    event_notify,
    workflow_move,
)

from .. import permissions as perms
from ..models import (
    Application,
    Contest,
)

S = Contest.Status
A = Application.Status


def _notify(user, *, key: str, event: str, **context):
    """Queue a registered initiatives message (templates/initiatives/messages/) once per key.

    A paper applicant without an account (`user` is None) gets nothing here.
    """
    if user is None:
        return
    event_notify(user=user, event=f"initiatives.{event}", context=context, idempotency_key=key)


def _when(value) -> str:
    return official_datetime_lazy(value)


def _contest_move(contest: Contest, *, to: str, actor, reason="", extra_fields=()) -> Contest:
    return workflow_move(
        obj=contest,
        to=to,
        actor=actor,
        reason=reason,
        extra_fields=extra_fields,
        permission=lambda user, obj: perms.can_move_contest(user, obj, to),
    )


def _application_move(
    application: Application, *, to: str, actor, reason="", permission=None
) -> Application:
    application.reason = reason
    return workflow_move(
        obj=application,
        to=to,
        actor=actor,
        reason=reason,
        permission=permission,
        extra_fields=["reason"],
    )
