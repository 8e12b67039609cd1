"""Objects of the other apps a subject can point to: selected projects, plan activities,
plans and budget lines. Monitoring imports those apps' models directly (an app may read a
sibling's models and selectors); none of them imports monitoring's models."""

from django.urls import NoReverseMatch

from budget.models import BudgetLine
from engagement_plan.models import Activity, Plan
from initiatives.models import Application

from .models import Subject

LINKABLE = {
    Subject.Kind.INITIATIVE: lambda: Application.objects.filter(
        status=Application.Status.SELECTED
    ),
    Subject.Kind.PLAN_ACTIVITY: lambda: Activity.objects.all(),
    Subject.Kind.PLAN: lambda: Plan.objects.all(),
    Subject.Kind.BUDGET: lambda: BudgetLine.objects.select_related("category"),
}
LIMIT = 200


def link_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices "<kind>:<pk>" → label, one group per subject type."""
    groups = []
    for kind, queryset in LINKABLE.items():
        objects = list(queryset().order_by("-pk")[:LIMIT])
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
    return kind, LINKABLE[kind]().filter(pk=int(pk)).first()


def target_url(subject) -> str:
    """The linked object's public page, or "" (activities and budget lines have none)."""
    target = subject.target if subject.target_type_id else None
    if target is None or not hasattr(target, "get_absolute_url"):
        return ""
    try:
        return target.get_absolute_url()
    except NoReverseMatch:
        return ""
