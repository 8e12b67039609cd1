import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring.selectors import protocols_for_objects
from municipality.exports import csv_cell
from municipality.pagination import list_page

from .. import selectors, services
from ..models import Application, Contest
from ..permissions import can_support_application, can_view_contest

RESULT_STATUSES = (Contest.Status.RESULTS, Contest.Status.IMPLEMENTATION, Contest.Status.CLOSED)


def index(request):
    page = list_page(request, selectors.contest_list_public(), numbered=True)
    is_member = request.user.is_authenticated and request.user.contest_seats.exists()
    return render(
        request,
        "initiatives/contest_list.html",
        {"contests": page.object_list, "page_obj": page, "is_member": is_member},
    )


def contest_detail(request, pk):
    contest = selectors.contest_get(pk)
    if not can_view_contest(request.user, contest):
        raise Http404
    has_results = contest.status in RESULT_STATUSES and bool(contest.results)
    applications = list(selectors.contest_public_applications(contest))
    supported = selectors.supported_by(request.user, contest)
    protocols = protocols_for_objects(applications)
    for application in applications:
        application.monitoring_protocols = protocols.get(application.pk, [])
        application.can_support = application.pk not in supported and can_support_application(
            request.user, application
        )
        application.is_supported = application.pk in supported
    return render(
        request,
        "initiatives/contest_detail.html",
        {
            "contest": contest,
            "applications": applications,
            "has_results": has_results,
            "steps": contest.results.get("steps", []) if has_results else [],
            "winners": [a for a in applications if a.status == "selected"],
            "can_apply": contest.status == Contest.Status.ACCEPTING and contest.window_is_open(),
        },
    )


def _results_contest(pk):
    contest = selectors.contest_get(pk)
    if contest.status not in RESULT_STATUSES:
        raise Http404
    return contest


def contest_csv(request, pk):
    contest = _results_contest(pk)
    data = selectors.contest_open_data(contest)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contest-{contest.pk}-results.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        ["rank", "registration_number", "title", "score", "requested", "selected", "status"]
    )
    for row in data["ranking"]:
        writer.writerow(
            [
                csv_cell(row[k])
                for k in (
                    "rank",
                    "registration_number",
                    "title",
                    "score",
                    "requested",
                    "selected",
                    "status",
                )
            ]
        )
    writer.writerow([])
    writer.writerow(["registration_number", "member", "criterion", "score", "max_score", "weight"])
    for row in data["scores"]:
        writer.writerow(
            [
                csv_cell(row[k])
                for k in (
                    "registration_number",
                    "member",
                    "criterion",
                    "score",
                    "max_score",
                    "weight",
                )
            ]
        )
    return response


def contest_json(request, pk):
    contest = _results_contest(pk)
    return JsonResponse(
        selectors.contest_open_data(contest),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@login_required
@require_POST
def application_support(request, pk):
    application = get_object_or_404(Application.objects.select_related("contest"), pk=pk)
    try:
        services.application_support(actor=request.user, application=application)
    except PermissionDenied:
        messages.error(request, _("You cannot support this application."))
    else:
        messages.success(request, _("Thank you: your support is recorded."))
    return redirect(application.contest)
