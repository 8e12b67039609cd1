from django.contrib.auth import views as auth_views
from django.urls import path

from municipality.views import public

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", public.placeholder, name="signup"),
    path("accounts/me/", public.placeholder, name="account"),
]
