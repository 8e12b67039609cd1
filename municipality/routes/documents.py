from django.urls import path

from municipality.views import documents

urlpatterns = [
    path("documents/", documents.document_list, name="document-list"),
    path("documents/<int:pk>/", documents.document_detail, name="document-detail"),
    path("documents/<int:pk>/pdf/", documents.document_pdf, name="document-pdf"),
    path("documents/<int:pk>/retry/", documents.document_retry_view, name="document-retry"),
    path("documents/<int:pk>/correct/", documents.document_correct_view, name="document-correct"),
    path("office/documents/", documents.document_office_list, name="office-documents"),
    path("office/documents/paper/", documents.document_paper, name="office-document-paper"),
    path(
        "office/documents/preview/<int:type_id>/<int:pk>/",
        documents.document_preview,
        name="document-preview",
    ),
    path("notices/<int:pk>/poster.pdf", documents.notice_poster, name="notice-poster"),
]
