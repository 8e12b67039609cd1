from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import permissions as perms
from .. import selectors, services
from ..forms import DeclarationForm, ScoreForm
from ..models import ConflictDeclaration, ProtocolSignature, Score
from .common import add_form_error


@login_required
def home(request):
    return render(
        request,
        "initiatives/commission_home.html",
        {"contests": selectors.contests_for_member(request.user)},
    )


@login_required
def contest(request, pk):
    """The member's applications to score; during the sitting, the protocol to sign."""
    contest = selectors.contest_get(pk)
    member = selectors.member_for(request.user, contest)
    if member is None:
        raise Http404
    if request.method == "POST":
        try:
            services.protocol_sign(actor=request.user, contest=contest)
        except PermissionDenied:
            messages.error(request, _("You cannot sign the protocol now."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("You signed the protocol of the commission."))
        return redirect("initiatives:commission-contest", pk=pk)
    return render(
        request,
        "initiatives/commission_contest.html",
        {
            "contest": contest,
            "member": member,
            "applications": selectors.member_worklist(member),
            "can_sign": perms.can_sign_protocol(request.user, contest)
            and not ProtocolSignature.objects.filter(member=member).exists(),
            "signature": ProtocolSignature.objects.filter(member=member).first(),
        },
    )


@login_required
def score(request, pk):
    """Declare (no) conflict of interest, then score each criterion with a comment."""
    application = selectors.application_get(pk)
    member = selectors.member_for(request.user, application.contest)
    if member is None:
        raise Http404
    declaration = ConflictDeclaration.objects.filter(
        member=member, application=application
    ).first()
    mine = {
        s.criterion_id: s for s in Score.objects.filter(member=member, application=application)
    }
    submitted = any(s.submitted for s in mine.values())
    can_score = perms.can_score_application(request.user, application, declaration)
    criteria = list(application.contest.criteria.all())
    declaration_form = DeclarationForm(
        request.POST if request.POST.get("step") == "declare" else None
    )
    score_form = ScoreForm(
        request.POST if request.POST.get("step") == "score" else None,
        criteria=criteria,
        initial_scores=mine,
    )
    if request.method == "POST":
        try:
            if request.POST.get("step") == "declare" and declaration_form.is_valid():
                services.declaration_record(
                    actor=request.user, application=application, **declaration_form.cleaned_data
                )
                messages.success(request, _("Your declaration is recorded."))
                return redirect("initiatives:score", pk=pk)
            if request.POST.get("step") == "score" and score_form.is_valid():
                submit = request.POST.get("action") == "submit"
                services.scores_save(
                    actor=request.user,
                    application=application,
                    values=score_form.values(),
                    submit=submit,
                )
                messages.success(
                    request,
                    _("Your scores are submitted.")
                    if submit
                    else _("Your scores are saved as a draft."),
                )
                return redirect("initiatives:score", pk=pk)
        except PermissionDenied:
            messages.error(request, _("You cannot score this application."))
            return redirect("initiatives:score", pk=pk)
        except ValidationError as error:
            declaring = request.POST.get("step") == "declare"
            if declaration is not None if declaring else submitted:
                for message in error.messages:  # the form is no longer on the page
                    messages.error(request, message)
                return redirect("initiatives:score", pk=pk)
            add_form_error(
                score_form if request.POST.get("step") == "score" else declaration_form, error
            )
    # Only once the member's own scores are final (submitted) may they see the others'.
    may_see = selectors.member_may_see_scores(member, application)
    others = (
        list(selectors.application_other_scores(application, exclude_member=member))
        if may_see
        else []
    )
    return render(
        request,
        "initiatives/score_form.html",
        {
            "application": application,
            "contest": application.contest,
            "member": member,
            "declaration": declaration,
            "declaration_form": declaration_form,
            "score_form": score_form,
            "submitted": submitted,
            "may_see": may_see,
            "can_score": can_score,
            "can_declare_conflict": perms.can_score_application(request.user, application)
            and declaration is not None
            and not declaration.has_conflict,
            "others": others,
        },
    )
