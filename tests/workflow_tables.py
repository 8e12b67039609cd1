"""Shared checks for the transition tables in `tests/<app>/test_models.py`.

Each app's test writes its tables out as plain strings, so a changed table in the code
fails the test until the test is changed with it.
"""

from django.utils import translation


def transition_cases(tables: dict) -> list:
    """Every (model, from, to) pair of a model's statuses, with whether the move is allowed."""
    cases = []
    for model, table in tables.items():
        statuses = [value for value, _label in model.Status.choices]
        for current in statuses:
            for target in statuses:
                allowed = target in table.get(current, set())
                cases.append((model, current, target, allowed))
    return cases


def case_id(value) -> str:
    return value.__name__ if isinstance(value, type) else str(value)


def check_move(model, current, target, allowed) -> None:
    obj = model(status=current)
    assert obj.can_become(target) is allowed


def check_error_names_both_statuses(model, current, target) -> None:
    """The forbidden-move message is translated and names the current and the target status."""
    with translation.override("en"):
        english = str(model.TRANSITION_ERROR)
    for language in ("ky", "ru"):
        with translation.override(language):
            message = model(status=current).transition_error(target).messages[0]
            assert str(model.Status(current).label) in message, (language, message)
            assert str(model.Status(target).label) in message, (language, message)
            assert str(model.TRANSITION_ERROR) != english, (language, english)
