"""Services are called by name: every public function of every app's `services` takes
keyword-only arguments and says in a docstring what it does (STYLE.md).

Registry callbacks are the exception: the attention list, the start page, the reminders
and the search call them with a positional `user`, `today` or `query`, so whatever is
registered there is exempt (read from the registries themselves, not a hand-kept list).
"""

import importlib
import inspect
import pkgutil

import pytest
from django.apps import apps
from django.conf import settings

from municipality.selectors import search
from municipality.services import attention, my_work, reminders

# Owned by the app lanes of issue 13 (their modules are being split into packages in
# parallel); remove a name here once its function is keyword-only.
PENDING = {
    "engagement_plan.services.plan_open_points",
    "initiatives.services.paper_applicants",
    "kenesh.services.announce_deadline",
    "monitoring.services.protocol_quorum",
    "community.services.priority_unlink",  # no docstring yet
}

ALLOWED_KINDS = {inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD}


def _service_modules():
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue  # Django's and third-party apps
        try:
            package = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        yield package
        for info in pkgutil.walk_packages(
            getattr(package, "__path__", []), f"{package.__name__}."
        ):
            yield importlib.import_module(info.name)


def _callbacks():
    registries = (attention.ATTENTION, my_work.PROVIDERS, reminders.REMINDERS, search.PROVIDERS)
    return {fn for registry in registries for fn in registry.values()}


def _public_services():
    callbacks = _callbacks()
    for module in _service_modules():
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__ or fn in callbacks:
                continue
            yield f"{module.__name__}.{name}", fn


def test_the_walk_finds_every_app_and_the_kernel():
    names = [name for name, _ in _public_services()]
    assert len(names) > 150
    for app in ("municipality", "budget", "community", "engagement_plan", "initiatives"):
        assert any(name.startswith(f"{app}.services") for name in names), app
    assert "municipality.services.audit.model_changes" in names


@pytest.mark.parametrize("kind", ["keyword-only", "docstring"])
def test_public_services_are_keyword_only_with_a_docstring(kind):
    wrong = []
    for name, fn in _public_services():
        if name in PENDING:
            continue
        if kind == "docstring":
            if not (fn.__doc__ or "").strip():
                wrong.append(name)
            continue
        positional = [
            p.name
            for p in inspect.signature(fn).parameters.values()
            if p.kind not in ALLOWED_KINDS
        ]
        if positional:
            wrong.append(f"{name}({', '.join(positional)})")
    assert not wrong, f"{kind}: " + "; ".join(sorted(wrong))
