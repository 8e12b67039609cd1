from django.conf import settings
from django.shortcuts import redirect, render


def root(request):
    """Kyrgyz first: `/` goes to /ky/ unless the visitor chose another language before."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


def home(request):
    return render(request, "municipality/home.html")


def placeholder(request, **kwargs):
    return render(request, "municipality/placeholder.html")
