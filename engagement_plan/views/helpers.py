"""What the view modules share: the pages form actions return to, redirects."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from ..models import Comment, Plan

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


def _plan_action(request, pk, check):
    plan = get_object_or_404(Plan, pk=pk)
    if not check(request.user, plan):
        raise PermissionDenied
    return plan


def _done(request, plan, message, anchor=""):
    messages.success(request, message)
    return redirect(f"{_office_url(plan)}{anchor}")


def _office_url(plan):
    return reverse("engagement_plan:plan-office", args=[plan.pk])


def _login_url():
    return reverse("municipality:login")
