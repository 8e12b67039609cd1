"""No status is written outside the kernel workflow move, and the kernel imports no app.

The check reads the source (an AST "grep", so filters such as `filter(status=...)` and
HTTP `status=400` do not count) and finds every write of a `status`:
`obj.status = ...`, `setattr(obj, "status", ...)`, `.update(status=...)`,
`.create(status=...)` and the like, and `Model(status=...)` for a model with a status.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("initiatives", "budget", "monitoring", "engagement_plan", "kenesh", "municipality")
KERNEL_MOVE = "municipality/services/workflow.py"
WRITING_METHODS = {"update", "create", "get_or_create", "update_or_create"}

#: (file, function) → why a status is written there without `workflow_move`.
ALLOWED = {
    ("engagement_plan/services/revisions.py", "plan_revise"): (
        "creation: the next plan version starts as a draft, its copied activities as planned"
    ),
    ("municipality/services/notices.py", "notice_publish"): (
        "creation: a notice another app publishes is created published (a draft moves)"
    ),
    ("municipality/services/notices.py", "notice_create"): "creation: an office notice is a draft",
    (
        "municipality/demo/notices.py",
        "_seed_notices",
    ): "creation: demo notices in their demo state",
    ("municipality/services/documents/render.py", "document_render"): (
        "the render worker's own outcome (pending → issued/failed) under the row lock it holds;"
        " no actor and no audit row by design, as before"
    ),
    ("municipality/services/documents/issue.py", "document_register_paper"): (
        "creation: an order signed on paper is registered already issued (its scan is the PDF),"
        " with its audit row"
    ),
    ("municipality/services/sending.py", "message_claim"): (
        "outbox delivery states: an atomic conditional UPDATE is the queue's claim, not a move"
    ),
    ("municipality/services/sending.py", "message_send"): "outbox delivery states (as above)",
    ("municipality/services/sending.py", "outbox_requeue"): "outbox delivery states (as above)",
    ("municipality/services/sending.py", "message_retry"): "outbox delivery states (as above)",
    # Batches (issue 19): the same delivery states for a hundred rows at a time.
    ("municipality/services/sending.py", "messages_claim"): "outbox delivery states (as above)",
    ("municipality/services/sending.py", "_message_failed"): "outbox delivery states (as above)",
    ("municipality/services/sending.py", "_message_send_claimed"): (
        "outbox delivery states (as above)"
    ),
    ("municipality/services/sending.py", "_messages_mark_sent"): (
        "outbox delivery states (as above)"
    ),
}


def _status_models() -> set[str]:
    names = set()
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if any(field.name == "status" for field in model._meta.get_fields()):
                names.add(model.__name__)
    return names


def _sources():
    for label in APPS:
        for path in sorted((ROOT / label).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative and relative != KERNEL_MOVE:
                yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


class _Writes(ast.NodeVisitor):
    def __init__(self, models: set[str]):
        self.models = models
        self.function = "<module>"
        self.found: list[tuple[str, int]] = []

    def visit_FunctionDef(self, node):
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def _target(self, target, node):
        targets = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
        for one in targets:
            if isinstance(one, ast.Attribute) and one.attr == "status":
                self.found.append((self.function, node.lineno))

    def visit_Assign(self, node):
        for target in node.targets:
            self._target(target, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._target(node.target, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._target(node.target, node)
        self.generic_visit(node)

    def visit_Call(self, node):
        name = _called_name(node)
        keywords = {k.arg for k in node.keywords}
        if name == "setattr" and len(node.args) > 1:
            field = node.args[1]
            if isinstance(field, ast.Constant) and field.value == "status":
                self.found.append((self.function, node.lineno))
        elif "status" in keywords and (name in WRITING_METHODS or name in self.models):
            self.found.append((self.function, node.lineno))
        self.generic_visit(node)


def _status_writes() -> dict[tuple[str, str], list[int]]:
    models = _status_models()
    writes = {}
    for relative, tree in _sources():
        visitor = _Writes(models)
        visitor.visit(tree)
        for function, line in visitor.found:
            writes.setdefault((relative, function), []).append(line)
    return writes


def test_no_status_is_written_outside_the_workflow_move():
    writes = _status_writes()
    unexpected = {place: lines for place, lines in writes.items() if place not in ALLOWED}
    assert not unexpected, (
        "Move these statuses with municipality.services.workflow_move (or add a documented "
        f"exception to ALLOWED): {unexpected}"
    )


def test_every_documented_exception_still_writes_a_status():
    writes = _status_writes()
    stale = sorted(place for place in ALLOWED if place not in writes)
    assert not stale, f"Remove the exceptions that no longer write a status: {stale}"


@pytest.mark.parametrize(
    "source",
    [
        "contest.status = to",
        "setattr(plan, 'status', 'draft')",
        "Plan.objects.filter(pk=1).update(status='draft')",
        "Contest.objects.create(status='draft')",
        "Hearing(status='draft')",
    ],
)
def test_the_check_sees_each_kind_of_write(source):
    visitor = _Writes(_status_models())
    visitor.visit(ast.parse(source))
    assert visitor.found


@pytest.mark.parametrize(
    "source",
    [
        "Plan.objects.filter(status='draft')",
        "render(request, 'x.html', context, status=400)",
        "if plan.status == 'draft': pass",
    ],
)
def test_the_check_ignores_reads_and_http_statuses(source):
    visitor = _Writes(_status_models())
    visitor.visit(ast.parse(source))
    assert not visitor.found


def test_the_kernel_imports_no_app():
    others = {label for label in APPS if label != "municipality"}
    found = []
    for path in sorted((ROOT / "municipality").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            found += [
                f"{path.relative_to(ROOT)}: {name}"
                for name in names
                if name.split(".")[0] in others
            ]
    assert not found
