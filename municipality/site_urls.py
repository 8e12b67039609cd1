"""The kernel's own pages under the language prefix (namespace `municipality`)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .views import public

app_name = "municipality"

urlpatterns = [
    path("", public.home, name="home"),
    path("notices/", public.placeholder, name="notice-list"),
    path("notices/<int:pk>/", public.placeholder, name="notice-detail"),
    path("local-issues/", public.placeholder, name="local-issues"),
    path("documents/<int:pk>/", public.placeholder, name="document-detail"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", public.placeholder, name="signup"),
    path("accounts/me/", public.placeholder, name="account"),
    path("office/", public.placeholder, name="office"),
    path("office/notices/", public.placeholder, name="office-notices"),
    path("office/local-issues/", public.placeholder, name="office-local-issues"),
]
