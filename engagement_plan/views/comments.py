"""Office pages for comments: copied from paper, answered."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from municipality.drafts import form_action
from municipality.forms.errors import add_service_errors
from municipality.permissions import role_required
from municipality.receipts import receipt_offer

from .. import permissions as perms
from .. import services
from ..forms import (
    AnswerForm,
    PaperCommentForm,
)
from ..models import Comment
from .helpers import _comment_plan_office_url, _done, _plan_action, _plan_office_url
from .plans import _plan_office_page


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
