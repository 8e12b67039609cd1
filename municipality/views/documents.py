"""Public pages of the document registry, the PDF download, the retry button and notice posters."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipality.files import file_is_public, file_response
from municipality.forms.documents import (
    DocumentFilterForm,
    OfficeDocumentFilterForm,
    PaperDocumentForm,
)
from municipality.models import Notice, OfficialDocument
from municipality.pagination import list_page
from municipality.permissions import can_manage_documents, can_retry_document, can_view_document
from municipality.selectors.documents import (
    document_versions,
    documents_office,
    documents_published,
)
from municipality.services.documents import (
    document_correct,
    document_kinds,
    document_preview_allowed,
    document_preview_pdf,
    document_register_paper,
    document_retry,
    document_translation_pdf,
)
from municipality.services.posters import notice_poster_pdf

PAGE_SIZE = 20


def document_office_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_manage_documents(request.user):
        raise PermissionDenied
    form = OfficeDocumentFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = list_page(request, documents_office(status=status), numbered=True, size=PAGE_SIZE)
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
    page = list_page(request, documents, numbered=True, size=PAGE_SIZE)
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
    """The issued PDF; with ?language=ru, a Russian translation copy of the same record and
    number (the Kyrgyz original stays the document of record)."""
    document = _visible_document(request, pk)
    if document.status != OfficialDocument.Status.ISSUED or not document.file:
        raise Http404  # nothing half-written is served
    language = request.GET.get("language", "")
    if language and language != document.language:
        if language not in {code for code, _name in settings.LANGUAGES} or document.on_paper:
            raise Http404
        pdf = document_translation_pdf(document=document, language=language)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = document.download_name.removesuffix(".pdf")
        response["Content-Disposition"] = f'inline; filename="{name}-{language}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
    return file_response(
        document.file.name,
        public=file_is_public(document),
        filename=document.download_name,
        request=request,
    )


def _office_user(request):
    """None when the user may manage documents, else the response to return."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_manage_documents(request.user):
        raise PermissionDenied
    return None


def _preview_target(request, type_id, pk):
    """(kind, subject) of a preview: 404 for what is not registered — 403 instead to whom may
    not preview it, so that nothing is revealed."""
    spec = document_kinds().get(request.GET.get("template", ""))
    content_type = ContentType.objects.filter(pk=type_id).first()
    model = content_type.model_class() if content_type else None
    label = f"{content_type.app_label}.{content_type.model}" if content_type else ""
    if spec is None or spec.model is None or spec.model.lower() != label or model is None:
        if not can_manage_documents(request.user):
            raise PermissionDenied
        raise Http404
    subject = get_object_or_404(model, pk=pk)
    if not document_preview_allowed(user=request.user, spec=spec, subject=subject):
        raise PermissionDenied
    return spec, subject


def document_preview(request, type_id, pk):
    """The PDF a registered document would have before it is issued: "ДОЛБООР", no number.

    ?template= names the registered template (municipality.services.documents registry);
    the subject is the object the office page issues it about. The office previews every
    document; others only where the kind's `can_preview` allows (the monitoring chair).
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    spec, subject = _preview_target(request, type_id, pk)
    language = request.GET.get("language", "ky")
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise Http404
    pdf = document_preview_pdf(
        template_name=spec.template,
        subject=subject,
        title=request.GET.get("title", "")[:500] or str(subject)[:500],
        language=language,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="preview.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def document_paper(request):
    """Register an order already signed on paper, with its number, date and scan."""
    refused = _office_user(request)
    if refused is not None:
        return refused
    form = PaperDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = document_register_paper(
                kind=data["kind"],
                number=data["number"],
                date=data["date"],
                title=data["title"],
                scan=data["scan"],
                actor=request.user,
                signer_name=data["signer_name"],
                signer_position=data["signer_position"],
                is_public=data["is_public"],
            )
        except ValidationError as exc:
            form.add_error("number", exc)
        else:
            messages.success(request, _("The paper document is registered."))
            return redirect(document.get_absolute_url())
    return render(request, "municipality/document_paper.html", {"form": form})


@require_POST
def document_correct_view(request, pk):
    """Supersede an issued document by a corrected version rendered from the current record."""
    document = _visible_document(request, pk)
    refused = _office_user(request)
    if refused is not None:
        return refused
    if (
        document.status != OfficialDocument.Status.ISSUED
        or document.on_paper
        or document.template_name not in document_kinds()  # e.g. one entered by hand
    ):
        messages.error(request, _("Only an issued document made on the portal can be corrected."))
        return redirect(document.get_absolute_url())
    try:
        new = document_correct(document=document, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(document.get_absolute_url())
    messages.success(request, _("A corrected version is being prepared; the old one is kept."))
    return redirect(new.get_absolute_url())


@require_POST
def document_retry_view(request, pk):
    document = _visible_document(request, pk)
    if not request.user.is_authenticated:
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
