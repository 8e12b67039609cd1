from django.urls import path

from municipality.views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("notices/", public.placeholder, name="notice-list"),
    path("notices/<int:pk>/", public.placeholder, name="notice-detail"),
    path("local-issues/", public.placeholder, name="local-issues"),
    path("office/", public.placeholder, name="office"),
    path("office/notices/", public.placeholder, name="office-notices"),
    path("office/local-issues/", public.placeholder, name="office-local-issues"),
]
