"""The register of resolutions: list, entry, the stored Russian copy, publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.files import file_response
from municipality.pagination import list_page
from municipality.permissions import role_required

from .. import permissions as perms
from .. import selectors, services
from ..models import Resolution
from ._roles import SECRETARY


def resolution_list(request):
    page = list_page(request, selectors.resolutions_public(), numbered=True)
    return render(
        request,
        "kenesh/resolution_list.html",
        {"resolutions": page.object_list, "page_obj": page},
    )


def resolution_detail(request, pk):
    resolution = get_object_or_404(Resolution.objects.select_related("session"), pk=pk)
    can_manage = perms.can_manage_kenesh(request.user)
    if resolution.status != Resolution.Status.PUBLISHED and not can_manage:
        raise Http404
    return render(
        request,
        "kenesh/resolution_detail.html",
        {"resolution": resolution, "can_manage": can_manage},
    )


def resolution_pdf_ru(request, pk):
    """The stored Russian translation copy of a published resolution (same number)."""
    resolution = get_object_or_404(Resolution, pk=pk, status=Resolution.Status.PUBLISHED)
    if not resolution.pdf_ru:
        raise Http404  # being prepared: stored after publishing, never rendered here
    return file_response(
        resolution.pdf_ru.name,
        public=True,
        filename=f"resolution-{resolution.number}-ru.pdf",
        request=request,
    )


@role_required(*SECRETARY)
@require_POST
def resolution_publish(request, pk):
    resolution = get_object_or_404(Resolution, pk=pk)
    try:
        services.resolution_publish(actor=request.user, resolution=resolution)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The resolution is published."))
    return redirect(resolution)
