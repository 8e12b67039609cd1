from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

from . import routes  # noqa: F401 — registers the URL converters first
from .views.files import file_serve
from .views.health import healthz
from .views.public import root

urlpatterns = [
    path("", root, name="root"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("files/<label:model>/<int:pk>/<token:field>/<filename:name>", file_serve, name="file"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True),
        name="favicon",
    ),
]

if settings.DEBUG:
    # Development only: production serves no directory of uploads (municipality/files.py).
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("plan/", include("engagement_plan.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("budget/", include("budget.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("kenesh/", include("kenesh.urls")),
    path("community/", include("community.urls")),
    path("", include("municipality.site_urls")),
    prefix_default_language=True,
)

handler403 = "municipality.views.errors.permission_denied"
handler404 = "municipality.views.errors.page_not_found"
handler500 = "municipality.views.errors.server_error"
