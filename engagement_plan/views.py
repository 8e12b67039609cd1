"""Public plan pages and the office pages; views parse, check, call one service, respond."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring.selectors import protocols_for_objects
from municipality.drafts import form_action
from municipality.forms.errors import add_service_errors
from municipality.permissions import is_head, role_required
from municipality.ratelimits import submission_ratelimit
from municipality.receipts import receipt_offer

from . import permissions as perms
from . import selectors, services
from .forms import (
    ActivityForm,
    AnswerForm,
    ApproveForm,
    ApproveGroupForm,
    CommentForm,
    EvidenceForm,
    GatheringForm,
    MemberForm,
    OpenDiscussionForm,
    PaperCommentForm,
    PlanForm,
    ReasonForm,
    WorkingGroupForm,
)
from .models import Activity, Comment, Plan, WorkingGroup, WorkingGroupMember, sort_members
from .rules import CATEGORY_MAX_PERCENT, CATEGORY_MIN_PERCENT, composition_failures

CHART_BAR_WIDTH = 190


# The pages the form actions live on (GET on an action address without a draft goes there).
def _plan_url(request, pk):
    return reverse("engagement_plan:plan-detail", args=[pk])


def _plan_office_url(request, pk):
    return reverse("engagement_plan:plan-office", args=[pk])


def _group_url(request, pk):
    return reverse("engagement_plan:group-detail", args=[pk])


def _comment_plan_office_url(request, pk):
    return _plan_office_url(request, get_object_or_404(Comment, pk=pk).plan_id)


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


def _login_url():
    from django.urls import reverse

    return reverse("municipality:login")


# Office ----------------------------------------------------------------------------------


@role_required()
def office(request):
    today_overdue = list(selectors.activities_overdue())
    return render(
        request,
        "engagement_plan/office.html",
        {
            "groups": list(selectors.working_group_list()),
            "plans": list(selectors.plan_office_list()),
            "overdue": today_overdue,
            "due_for_review": list(selectors.plans_due_for_review()),
            "can_create": perms.can_create_plan(request.user),
        },
    )


@role_required()
def group_create(request):
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.working_group_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The working group has been created. Add its members."))
            return redirect("engagement_plan:group-detail", pk=group.pk)
    return render(request, "engagement_plan/group_form.html", {"form": form})


def _group_page(
    request, group, *, member_form=None, approve_form=None, group_form=None, status=200
):
    group = selectors.working_group_list().get(pk=group.pk)
    members = sort_members(group.members.all())
    failures = composition_failures(members)
    return render(
        request,
        "engagement_plan/group_detail.html",
        {
            "group": group,
            "members": members,
            "failures": failures,
            "binding_failures": [f for f in failures if not f.recommendation],
            "category_min": CATEGORY_MIN_PERCENT,
            "category_max": CATEGORY_MAX_PERCENT,
            "can_edit": perms.can_edit_working_group(request.user, group),
            "can_approve": perms.can_approve_working_group(request.user, group),
            "member_form": member_form or MemberForm(),
            "approve_form": approve_form or ApproveGroupForm(),
            "group_form": group_form or WorkingGroupForm(instance=group),
        },
        status=status,
    )


@role_required()
def group_detail(request, pk: int):
    group = get_object_or_404(WorkingGroup, pk=pk)
    return _group_page(request, group)


@role_required()
@form_action(page=_group_url)
def member_add(request, pk: int):
    group = get_object_or_404(WorkingGroup, pk=pk)
    if not perms.can_edit_working_group(request.user, group):
        raise PermissionDenied
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.working_group_member_add(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member has been added."))
            return redirect("engagement_plan:group-detail", pk=group.pk)
    return _group_page(request, group, member_form=form, status=400)


@role_required()
@require_POST
def member_remove(request, pk: int):
    member = get_object_or_404(WorkingGroupMember.objects.select_related("group"), pk=pk)
    if not perms.can_edit_working_group(request.user, member.group):
        raise PermissionDenied
    services.working_group_member_remove(member=member, actor=request.user)
    messages.success(request, _("The member has been removed."))
    return redirect("engagement_plan:group-detail", pk=member.group_id)


@role_required()
@form_action(page=_group_url)
def group_approve(request, pk: int):
    group = get_object_or_404(WorkingGroup, pk=pk)
    if not perms.can_approve_working_group(request.user, group):
        raise PermissionDenied
    form = ApproveGroupForm(request.POST)
    if form.is_valid():
        try:
            services.working_group_approve(
                group=group, actor=request.user, justification=form.cleaned_data["justification"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The composition has been approved by order."))
            return redirect("engagement_plan:group-detail", pk=group.pk)
    return _group_page(request, group, approve_form=form, status=400)


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
        "open_points": services.plan_open_points(plan)
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


def _plan_action(request, pk, check):
    plan = get_object_or_404(Plan, pk=pk)
    if not check(request.user, plan):
        raise PermissionDenied
    return plan


def _done(request, plan, message, anchor=""):
    messages.success(request, message)
    return redirect(f"{_office_url(plan)}{anchor}")


def _office_url(plan):
    from django.urls import reverse

    return reverse("engagement_plan:plan-office", args=[plan.pk])


@role_required()
@form_action(page=_plan_office_url)
def activity_add(request, pk: int):
    plan = _plan_action(request, pk, perms.can_edit_plan)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.activity_add(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, plan, _("The activity has been added."), "#activities")
    return _plan_office_page(request, plan, status=400, activity_form=form)


@role_required()
def activity_edit(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    if not perms.can_edit_plan(request.user, activity.plan):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                activity=Activity.objects.get(pk=activity.pk),
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, activity.plan, _("The activity has been saved."), "#activities")
    return render(
        request,
        "engagement_plan/activity_form.html",
        {"form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@role_required()
def activity_evidence(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    if not perms.can_record_activity(request.user, activity.plan):
        raise PermissionDenied
    form = EvidenceForm(
        request.POST or None, request.FILES or None, attendance=activity.attendance
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_record_evidence(
                activity=activity,
                actor=request.user,
                held_on=data["held_on"],
                place=data["place"],
                result=data["result"],
                photos=data.get("photos") or [],
                by_village=form.attendance_villages(),
                **form.attendance_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("The evidence has been recorded.")
            return _done(request, activity.plan, message, "#activities")
    return render(
        request,
        "engagement_plan/activity_evidence.html",
        {"form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@role_required()
def activity_cancel(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    if not perms.can_record_activity(request.user, activity.plan):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_cancel(
                activity=activity, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("The activity has been cancelled.")
            return _done(request, activity.plan, message, "#activities")
    return render(
        request,
        "engagement_plan/activity_cancel.html",
        {"form": form, "activity": activity},
        status=400 if request.method == "POST" else 200,
    )


@role_required()
@require_POST
def activity_start(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    if not perms.can_record_activity(request.user, activity.plan):
        raise PermissionDenied
    try:
        services.activity_start(activity=activity, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_office_url(activity.plan))
    return _done(request, activity.plan, _("The activity is in progress."), "#activities")


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
def paper_comment_add(request, pk: int):
    plan = _plan_action(request, pk, perms.can_manage_discussion)
    form = PaperCommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_add(
                plan=plan, actor=request.user, source=Comment.Source.PAPER, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            receipt_offer(request, kind="engagement_plan.comment", obj=comment)
            return _done(request, plan, _("The comment has been added."), "#discussion")
    return _plan_office_page(request, plan, status=400, paper_form=form)


@role_required()
@form_action(page=_comment_plan_office_url)
def comment_answer(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("plan"), pk=pk)
    plan = comment.plan
    if not perms.can_answer_comment(request.user, plan):
        raise PermissionDenied
    form = AnswerForm(request.POST, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            services.comment_answer(comment=comment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, plan, _("The answer has been saved."), "#discussion")
    return _plan_office_page(request, plan, status=400, answer_forms={comment.pk: form})


@role_required()
@form_action(page=_plan_office_url)
def gathering_record(request, pk: int):
    plan = _plan_action(request, pk, perms.can_manage_discussion)
    form = GatheringForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.gathering_record(
                plan=plan,
                actor=request.user,
                held_on=data["held_on"],
                place=data["place"],
                decisions=data["decisions"],
                by_village=form.attendance_villages(),
                **form.attendance_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, plan, _("The gathering has been recorded."), "#discussion")
    return _plan_office_page(request, plan, status=400, gathering_form=form)


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
