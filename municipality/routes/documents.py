from django.urls import path

from municipality.views import public

urlpatterns = [
    path("documents/<int:pk>/", public.placeholder, name="document-detail"),
]
