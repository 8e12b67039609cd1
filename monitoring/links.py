"""Objects of the other apps a subject can point to, found through the app registry.

Monitoring does not import the other apps' models: they are looked up by label so the
app keeps working while a sibling app is absent or changes.
"""

from django.apps import apps
from django.core.exceptions import FieldError

from .models import Subject

LINKABLE = {
    Subject.Kind.INITIATIVE: ("initiatives", "Application", {"status": "selected"}),
    Subject.Kind.PLAN_ACTIVITY: ("engagement_plan", "Activity", {}),
    Subject.Kind.PLAN: ("engagement_plan", "Plan", {}),
    Subject.Kind.BUDGET: ("budget", "BudgetLine", {}),
}
LIMIT = 200


def _model(kind):
    app_label, model_name, _filters = LINKABLE[kind]
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def link_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices "<kind>:<pk>" → label, one group per subject type."""
    groups = []
    for kind, (_app, _model_name, filters) in LINKABLE.items():
        model = _model(kind)
        if model is None:
            continue
        try:
            objects = list(model.objects.filter(**filters).order_by("-pk")[:LIMIT])
        except FieldError:
            objects = list(model.objects.order_by("-pk")[:LIMIT])
        if objects:
            groups.append(
                (
                    Subject.Kind(kind).label,
                    [(f"{kind}:{obj.pk}", str(obj)[:150]) for obj in objects],
                )
            )
    return groups


def link_resolve(value: str):
    """(kind, object) for a "<kind>:<pk>" choice, or (None, None)."""
    kind, _, pk = (value or "").partition(":")
    if kind not in LINKABLE or not pk.isdigit():
        return None, None
    model = _model(kind)
    if model is None:
        return None, None
    return kind, model.objects.filter(pk=int(pk)).first()


def target_url(subject) -> str:
    """The linked object's public page, or "" (a sibling's URL may not exist yet)."""
    from django.urls import NoReverseMatch

    target = subject.target if subject.target_type_id else None
    if target is None or not hasattr(target, "get_absolute_url"):
        return ""
    try:
        return target.get_absolute_url()
    except NoReverseMatch:
        return ""
