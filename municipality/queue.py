"""Services queue Celery tasks by name, so that imports go one way: `municipality.tasks`
imports the services it runs, and no service imports a task module.

`MunicipalityConfig.ready()` imports the task modules, so every task is registered before
the first request; a test (or a broker outage) may still replace a task's `delay` or
`apply_async`, because the task found here is the very object `municipality.tasks` holds.
"""

from .celery import app


def task_named(*, name: str):
    """The registered Celery task called `name` (e.g. "municipality.tasks.notice_notify_task")."""
    return app.tasks[name]
