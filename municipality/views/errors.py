from django.shortcuts import render
from django.utils import translation


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    translation.activate(translation.get_language_from_path(request.path_info) or "ky")
    return render(request, "500.html", status=500)


def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)
