"""An import inside a function says why it is not at the top of its module (issue 13).

A function-local import hides an import circle or costs a reader the question "why here?".
Product code imports at the top of the module; where it cannot, a comment gives the reason:
on the import's line, on a comment line directly above it, or, in an `AppConfig.ready()`,
once at the top of the method's body (it covers every import directly in that method).

Examples of reasons: `# ready(): models load after the app registry`, `# WeasyPrint loads
only where a PDF is drawn`, `# import circle: X imports this module`.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

SKIPPED_FOLDERS = {"migrations", "tests", "__pycache__"}


def _product_files():
    base = Path(settings.BASE_DIR)
    yield base / "manage.py"
    for config in apps.get_app_configs():
        path = Path(config.path)
        if not path.is_relative_to(base) or "site-packages" in path.parts:
            continue  # Django's and third-party apps (also in a .venv inside the project)
        for file in sorted(path.rglob("*.py")):
            if not SKIPPED_FOLDERS.intersection(file.relative_to(path).parts):
                yield file


def _is_comment(line: str) -> bool:
    return line.strip().startswith("#")


def _ready_covered(function: ast.FunctionDef, lines: list[str]) -> bool:
    """A `ready()` whose body starts with a comment line (after the docstring, if any)."""
    if function.name != "ready":
        return False
    body, start = function.body, function.lineno  # `start`: 0-based, the line after `def`
    if ast.get_docstring(function) is not None:
        body, start = body[1:], body[0].end_lineno
    if not body:
        return False
    return any(_is_comment(line) for line in lines[start : body[0].lineno - 1])


def _unexplained(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    tree = ast.parse("\n".join(lines), filename=str(path))
    wrong = []
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    for function in (node for node in ast.walk(tree) if isinstance(node, functions)):
        ready = _ready_covered(function, lines)
        stack = list(function.body)
        while stack:
            node = stack.pop()
            if isinstance(node, functions):
                continue  # an inner function is checked on its own
            if isinstance(node, ast.Import | ast.ImportFrom):
                line = lines[node.lineno - 1]
                above = lines[node.lineno - 2] if node.lineno > 1 else ""
                if not (ready or "#" in line or _is_comment(above)):
                    wrong.append(f"{path}:{node.lineno}: {line.strip()}")
                continue
            stack.extend(ast.iter_child_nodes(node))
    return wrong


def test_the_walk_reads_every_app_and_the_kernel():
    files = {str(path.relative_to(settings.BASE_DIR)) for path in _product_files()}
    assert len(files) > 300
    for name in ("manage.py", "municipality/apps.py", "community/forms.py", "kenesh/apps.py"):
        assert name in files, name
    assert not any("/migrations/" in name for name in files)


def test_a_local_import_without_a_comment_is_found(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "class Config:\n"
        "    def ready(self):\n"
        "        # ready(): models load after the app registry\n"
        "        from . import models\n"
        "\n"
        "        def title():\n"
        "            from . import selectors\n"
        "\n"
        "\n"
        "class Documented:\n"
        "    def ready(self):\n"
        '        """A docstring is no reason."""\n'
        "        from . import signals\n"
        "\n"
        "\n"
        "class Explained:\n"
        "    def ready(self):\n"
        '        """The registries."""\n'
        "        # ready(): models load after the app registry\n"
        "        from . import registries\n"
        "\n"
        "\n"
        "def render():\n"
        "    from . import pdf  # heavy\n"
        "    # import circle: views imports this module\n"
        "    from . import views\n"
        "    if views:\n"
        "        import json\n"
    )
    assert sorted(hit.split(": ", 1)[1] for hit in _unexplained(module)) == [
        "from . import selectors",
        "from . import signals",
        "import json",
    ]


def test_every_function_local_import_says_why():
    wrong = [hit for path in _product_files() for hit in _unexplained(path)]
    assert not wrong, "Move to the top of the module or say why:\n" + "\n".join(wrong)
