from django.contrib.auth import views as auth_views
from django.shortcuts import render


class PortalLogoutView(auth_views.LogoutView):
    """Logging out is a POST (a link must not log anyone out), but the address typed or
    bookmarked shows a page with the "Log out" button instead of a bare 405."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/logout.html")
