"""The receipt (тил кат) of a paper submission, for the office to hand back (see receipts.py)."""

from django.http import Http404, HttpResponse
from django.utils import translation

from municipality.permissions import role_required
from municipality.receipts import receipt_object, receipt_render


def receipt_response(*, kind: str, obj, filename: str = "") -> HttpResponse:
    """The receipt PDF of `obj` in the page's language; a 404 when it is no paper submission."""
    pdf = receipt_render(kind=kind, obj=obj, language=translation.get_language() or "ky")
    if pdf is None:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    name = filename or f"receipt-{kind.replace('.', '-')}-{obj.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@role_required()
def paper_receipt(request, kind, pk):
    """The A5 receipt of one paper submission of a registered kind (office only)."""
    obj = receipt_object(kind, pk)
    if obj is None:
        raise Http404
    return receipt_response(kind=kind, obj=obj)
