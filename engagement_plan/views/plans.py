"""Office pages of a plan: drafting, discussion, approval, force, revision, archive."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from municipality.drafts import form_action
from municipality.forms.errors import add_service_errors
from municipality.pagination import list_page
from municipality.permissions import is_head, role_required

from .. import permissions as perms
from .. import selectors, services
from ..forms import (
    ActivityForm,
    AnswerForm,
    ApproveForm,
    GatheringForm,
    OpenDiscussionForm,
    PaperCommentForm,
    PlanForm,
    ReasonForm,
)
from ..models import Comment, Plan
from .helpers import _done, _plan_action, _plan_office_url


@role_required()
def office(request):
    today_overdue = list(selectors.activities_overdue())
    page = list_page(request, selectors.plan_office_list())
    return render(
        request,
        "engagement_plan/office.html",
        {
            "groups": list(selectors.working_group_list()),
            "plans": page.object_list,
            "page_obj": page,
            "overdue": today_overdue,
            "due_for_review": list(selectors.plans_due_for_review()),
            "can_create": perms.can_create_plan(request.user),
        },
    )


@role_required()
def plan_create(request):
    if not perms.can_create_plan(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft plan has been created. Add its activities."))
            return redirect("engagement_plan:plan-office", pk=plan.pk)
    return render(request, "engagement_plan/plan_form.html", {"form": form, "plan": None})


@role_required()
def plan_edit(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    if not perms.can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.plan_update(plan=Plan.objects.get(pk=plan.pk), actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("engagement_plan:plan-office", pk=plan.pk)
    return render(request, "engagement_plan/plan_form.html", {"form": form, "plan": plan})


def _plan_office_page(request, plan: Plan, status=200, **forms):
    plan = selectors.plan_detail(pk=plan.pk)
    user = request.user
    comments = list(plan.comments.all())
    answer_forms = forms.pop("answer_forms", {})
    for comment in comments:
        comment.answer_form = answer_forms.get(comment.pk) or AnswerForm(
            prefix=f"c{comment.pk}",
            initial={
                "answer": comment.answer if comment.answer != Comment.Answer.PENDING else None,
                "answer_text": comment.answer_text,
            },
        )
    next_revision = None
    if plan.status == Plan.Status.IN_FORCE:
        next_revision = services.next_revision_allowed(plan=plan)
    context = {
        "plan": plan,
        "activities": list(plan.activities.all()),
        "progress": selectors.plan_progress(plan),
        "documents": selectors.plan_documents(plan),
        "comments": comments,
        "gatherings": list(plan.gatherings.all()),
        "can_edit": perms.can_edit_plan(user, plan),
        "can_record": perms.can_record_activity(user, plan),
        "can_open_discussion": perms.can_open_discussion(user, plan),
        "can_manage_discussion": perms.can_manage_discussion(user, plan),
        "can_answer": perms.can_answer_comment(user, plan),
        "can_approve": perms.can_approve_plan(user, plan),
        "open_points": services.plan_open_points(plan=plan)
        if perms.can_approve_plan(user, plan)
        else [],
        "can_put_in_force": perms.can_put_in_force_plan(user, plan),
        "can_revise": perms.can_revise_plan(user, plan),
        "can_archive": perms.can_archive_plan(user, plan),
        "is_head": is_head(user),
        "next_revision": next_revision,
        "activity_form": forms.get("activity_form") or ActivityForm(),
        "discussion_form": forms.get("discussion_form") or OpenDiscussionForm(),
        "paper_form": forms.get("paper_form") or PaperCommentForm(),
        "gathering_form": forms.get("gathering_form") or GatheringForm(),
        "revise_form": forms.get("revise_form") or ReasonForm(prefix="revise"),
        "archive_form": forms.get("archive_form") or ReasonForm(prefix="archive"),
        "approve_errors": forms.get("approve_errors"),
    }
    return render(request, "engagement_plan/plan_office.html", context, status=status)


@role_required()
def plan_office(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    return _plan_office_page(request, plan)


@role_required()
@form_action(page=_plan_office_url)
def plan_open_discussion(request, pk: int):
    plan = _plan_action(request, pk, perms.can_open_discussion)
    form = OpenDiscussionForm(request.POST)
    if form.is_valid():
        try:
            services.plan_open_discussion(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                plan,
                _("The draft is open for public discussion and the gathering is announced."),
            )
    return _plan_office_page(request, plan, status=400, discussion_form=form)


@role_required()
@form_action(page=_plan_office_url)
def plan_approve(request, pk: int):
    plan = _plan_action(request, pk, perms.can_approve_plan)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _plan_office_page(
            request,
            plan,
            status=400,
            approve_errors=[e for es in form.errors.values() for e in es],
        )
    try:
        services.plan_approve(
            plan=plan, actor=request.user, justification=form.cleaned_data["justification"]
        )
    except ValidationError as error:
        return _plan_office_page(request, plan, status=400, approve_errors=error.messages)
    return _done(request, plan, _("The plan has been approved by order."))


@role_required()
@form_action(page=_plan_office_url)
def plan_put_in_force(request, pk: int):
    plan = _plan_action(request, pk, perms.can_put_in_force_plan)
    try:
        services.plan_put_in_force(plan=plan, actor=request.user)
    except ValidationError as error:
        return _plan_office_page(request, plan, status=400, approve_errors=error.messages)
    return _done(request, plan, _("The plan is in force."))


@role_required()
@form_action(page=_plan_office_url)
def plan_revise(request, pk: int):
    plan = _plan_action(request, pk, perms.can_revise_plan)
    form = ReasonForm(request.POST, prefix="revise")
    if form.is_valid():
        try:
            new = services.plan_revise(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, new, _("A new version of the plan has been drafted."))
    return _plan_office_page(request, plan, status=400, revise_form=form)


@role_required()
@form_action(page=_plan_office_url)
def plan_archive(request, pk: int):
    plan = _plan_action(request, pk, perms.can_archive_plan)
    form = ReasonForm(request.POST, prefix="archive")
    if form.is_valid():
        try:
            services.plan_archive(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, plan, _("The plan has been archived."))
    return _plan_office_page(request, plan, status=400, archive_form=form)
