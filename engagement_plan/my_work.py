"""A resident's comments on the plan, and the plan awaiting the head's order (start page)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from municipality.permissions import is_head

from .models import Comment, Plan


def items(user) -> list[dict]:
    comments = [
        {
            "section": _("My comments on the plan"),
            "title": f"{comment.plan.title}: {comment.text[:80]}",
            "url": comment.plan.get_absolute_url(),
            "status": comment.get_answer_display(),
        }
        for comment in Comment.objects.filter(author=user)
        .select_related("plan")
        .order_by("-created_at")
    ]
    if not is_head(user):
        return comments
    return comments + [
        {
            "section": _("Awaiting your signature"),
            "title": plan.title,
            "url": reverse("engagement_plan:plan-office", args=[plan.pk]),
            "status": _("Public discussion: approve the plan by order when it is over"),
            "urgent": True,
        }
        for plan in Plan.objects.filter(status=Plan.Status.DISCUSSION).order_by("pk")
    ]
