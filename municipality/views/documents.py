"""Public pages of the document registry, the PDF download, the retry button and notice posters."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.files import file_is_public, file_response
from municipality.forms.documents import DocumentFilterForm, OfficeDocumentFilterForm
from municipality.models import Notice, OfficialDocument
from municipality.permissions import can_manage_documents, can_retry_document, can_view_document
from municipality.selectors.documents import (
    document_versions,
    documents_office,
    documents_published,
)
from municipality.services.documents import document_retry
from municipality.services.posters import notice_poster_pdf

PAGE_SIZE = 20


def document_office_list(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not can_manage_documents(request.user):
        raise PermissionDenied
    form = OfficeDocumentFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(documents_office(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "municipality/document_office_list.html",
        {
            "form": form,
            "page_obj": page,
            "documents": page.object_list,
            "query": f"status={status}" if status else "",
        },
    )


def document_list(request):
    documents = documents_published()
    years = sorted(set(documents.values_list("year", flat=True)), reverse=True)
    form = DocumentFilterForm(request.GET or None, years=years)
    if form.is_valid():
        if form.cleaned_data["kind"]:
            documents = documents.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["year"]:
            documents = documents.filter(year=form.cleaned_data["year"])
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "municipality/document_list.html",
        {
            "form": form,
            "page_obj": page,
            "documents": page.object_list,
            "query": query.urlencode(),
        },
    )


def _visible_document(request, pk) -> OfficialDocument:
    document = get_object_or_404(
        OfficialDocument.objects.select_related("subject_type", "supersedes"), pk=pk
    )
    if not can_view_document(request.user, document):
        raise Http404
    return document


def document_detail(request, pk):
    document = _visible_document(request, pk)
    subject = document.subject
    subject_url = ""
    if subject is not None and hasattr(subject, "get_absolute_url"):
        try:
            subject_url = subject.get_absolute_url()
        except Exception:  # noqa: BLE001 - a subject without a public page is shown as text
            subject_url = ""
    versions = document_versions(document, user=request.user)
    replaced_by = next((v for v in versions if v.supersedes_id == document.pk), None)
    latest = versions[-1] if versions else document
    return render(
        request,
        "municipality/document_detail.html",
        {
            "document": document,
            "subject": subject,
            "subject_url": subject_url,
            "versions": versions,
            "replaced_by": replaced_by,
            "latest": latest,
            "can_manage": can_manage_documents(request.user),
            "can_retry": can_retry_document(request.user, document)
            and document.status == OfficialDocument.Status.FAILED,
            "is_ready": document.status == OfficialDocument.Status.ISSUED and bool(document.file),
        },
    )


def document_pdf(request, pk):
    document = _visible_document(request, pk)
    if document.status != OfficialDocument.Status.ISSUED or not document.file:
        raise Http404  # nothing half-written is served
    return file_response(
        document.file.name,
        public=file_is_public(document),
        filename=document.download_name,
        request=request,
    )


@require_POST
def document_retry_view(request, pk):
    document = _visible_document(request, pk)
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(document.get_absolute_url())
    try:
        document_retry(document=document, actor=request.user)  # PermissionDenied → 403
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The document is being prepared again."))
    return redirect(document.get_absolute_url())


def notice_poster(request, pk):
    """An A4 poster of a visible notice for the physical notice board."""
    notice = get_object_or_404(Notice.objects.visible(), pk=pk)
    language = request.LANGUAGE_CODE
    filename = f"poster-{notice.pk}-{language}.pdf"
    media_root = Path(settings.MEDIA_ROOT)
    try:
        path = notice_poster_pdf(notice=notice, language=language)
        response = file_response(
            path.relative_to(media_root).as_posix(),
            public=True,
            filename=filename,
            request=request,
        )
    except Http404:  # removed by a concurrent request for an edited notice
        notice.refresh_from_db()
        path = notice_poster_pdf(notice=notice, language=language)
        response = file_response(
            path.relative_to(media_root).as_posix(),
            public=True,
            filename=filename,
            request=request,
        )
    response["Cache-Control"] = "public, no-cache"  # an edited notice gets a new poster
    return response
