"""The public plan pages: the plan in force, any public version, residents' comments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.selectors import protocols_for_objects
from municipality.drafts import form_action
from municipality.forms.errors import add_service_errors
from municipality.ratelimits import submission_ratelimit

from .. import permissions as perms
from .. import selectors, services
from ..forms import CommentForm
from ..models import Plan
from .helpers import CHART_BAR_WIDTH, _login_url, _plan_url


def _chart(stats: dict) -> list[dict]:
    """Bar lengths for the SVG chart, computed here so the template only draws."""
    groups = []
    labels = {"sex": _("By sex"), "age": _("By age group"), "village": _("By village")}
    for group in stats["groups"]:
        peak = max([row["value"] for row in group["rows"]] + [1])
        rows = []
        for index, row in enumerate(group["rows"]):
            rows.append(
                row
                | {
                    "width": round(CHART_BAR_WIDTH * row["value"] / peak),
                    "y": index * 28,
                    "text_y": index * 28 + 16,
                }
            )
        groups.append(
            {
                "key": group["key"],
                "title": labels[group["key"]],
                "rows": rows,
                "height": len(rows) * 28,
            }
        )
    return groups


def _plan_context(request, plan: Plan, *, comment_form=None) -> dict:
    stats = selectors.participation_statistics(plan)
    activities = list(plan.activities.all())
    protocols = protocols_for_objects(activities)
    for activity in activities:
        activity.monitoring_protocols = protocols.get(activity.pk, [])
    return {
        "plan": plan,
        "activities": activities,
        "progress": selectors.plan_progress(plan),
        "documents": selectors.plan_documents(plan),
        "stats": stats,
        "chart": _chart(stats),
        "chart_bar_width": CHART_BAR_WIDTH,
        "comments": list(plan.comments.all()),
        "gatherings": list(plan.gatherings.all()),
        "can_comment": perms.can_comment_plan(request.user, plan),
        "comment_form": comment_form or CommentForm(),
        "versions": selectors.plan_versions(plan),
        "today": timezone.localdate(),
    }


def index(request):
    """The plan in force (or the one under discussion), with its history and documents."""
    current = selectors.plan_in_force()
    discussion = selectors.plan_under_discussion()
    pending = selectors.plan_approved_pending()
    main = current or pending or discussion
    context = {"current": None, "discussion": None}
    if main is not None:
        context.update(_plan_context(request, selectors.plan_detail(pk=main.pk)))
        context["current"] = context["plan"]
    else:
        context["versions"] = []
    if discussion is not None and discussion != main:
        context["discussion"] = discussion
    return render(request, "engagement_plan/index.html", context)


def plan_detail(request, pk: int):
    """Any public version of the plan, including older ones."""
    try:
        plan = selectors.plan_detail(pk=pk)
    except Plan.DoesNotExist:
        raise Http404 from None
    if plan.status not in selectors.PUBLIC_STATUSES and not perms.can_view_office(request.user):
        raise Http404
    context = _plan_context(request, plan)
    context["current"] = plan
    return render(request, "engagement_plan/plan_detail.html", context)


@form_action(page=_plan_url)
@submission_ratelimit("plan-comment")
def comment_add(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={plan.get_absolute_url()}")
    if not perms.can_comment_plan(request.user, plan):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(plan=plan, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your comment has been added."))
            return redirect(plan.get_absolute_url() + "#comments")
    context = _plan_context(request, selectors.plan_detail(pk=plan.pk), comment_form=form)
    context["current"] = context["plan"]
    return render(request, "engagement_plan/plan_detail.html", context, status=400)
